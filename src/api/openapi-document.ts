import { createApiUsageRecorder } from '../usage/api-usage-recorder.js';
import { buildApp, type AppDependencies } from './app.js';

/** Dependencies that refuse every use: the document needs only the routes, never a database. */
function unavailableDependencies(): AppDependencies {
  // The usage recorder is touched when the app starts and closes; this one writes nowhere.
  const idleUsage = createApiUsageRecorder({ write: async () => {} });
  return new Proxy({ bodyLimitBytes: 1024 * 1024, apiUsage: idleUsage } as AppDependencies, {
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
