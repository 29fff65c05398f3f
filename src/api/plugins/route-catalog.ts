import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { RouteAuth } from './authentication.js';

/** One registered route and how it authenticates. */
export interface CatalogRoute {
  methods: string[];
  url: string;
  auth: RouteAuth;
  /** Matches the paths the route answers; `:param` segments match any one segment. */
  pattern: RegExp;
  /** Fewer parameters win, as Fastify's router prefers static segments. */
  parameterCount: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalog: readonly CatalogRoute[];
  }
}

function patternOf(url: string): RegExp {
  const segments = url
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  return new RegExp(`^${segments.join('/')}$`);
}

/** The route Fastify would pick for a method and path, as far as a preflight needs to know. */
export function findCatalogRoute(
  catalog: readonly CatalogRoute[],
  method: string,
  path: string,
): CatalogRoute | undefined {
  return catalog
    .filter((route) => route.methods.includes(method.toUpperCase()) && route.pattern.test(path))
    .sort((a, b) => a.parameterCount - b.parameterCount)[0];
}

/** Every route with its auth mode, recorded as it is registered: register before any route. */
export const routeCatalog = fp(async (app: FastifyInstance) => {
  const routes: CatalogRoute[] = [];
  app.decorate('routeCatalog', routes);
  app.addHook('onRoute', (route) => {
    routes.push({
      methods: [route.method].flat().map((method) => method.toUpperCase()),
      url: route.url,
      auth: route.config?.auth ?? 'none',
      pattern: patternOf(route.url),
      parameterCount: (route.url.match(/[:*]/g) ?? []).length,
    });
  });
});
