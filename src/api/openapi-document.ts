import { buildApp, type AppDependencies } from './app.js';

/** Dependencies that refuse every use: the document needs only the routes, never a database. */
function unavailableDependencies(): AppDependencies {
  return new Proxy({ bodyLimitBytes: 1024 * 1024 } as AppDependencies, {
    get(target, property) {
      if (property in target) return target[property as keyof AppDependencies];
      return () => {
        throw new Error(`${String(property)} is not available while only printing the OpenAPI document`);
      };
    },
  });
}

export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const app = await buildApp(unavailableDependencies());
  await app.ready();
  const document = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  return document;
}
