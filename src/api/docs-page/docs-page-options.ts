import { readFileSync } from 'node:fs';
import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';

const asset = (name: string) => readFileSync(new URL(name, import.meta.url));

/** The page's own script, style and icon; `npm run build` copies this folder's assets beside the compiled code. */
const signingScript = asset('try-it-signing.js').toString('utf8');
const pageStyle = asset('docs-page.css').toString('utf8');
const icon = asset('favicon.svg');

/**
 * Scripts and styles from the API itself only: no inline script, no CDN. Swagger UI sets element
 * styles from script, which CSP allows without 'unsafe-inline'.
 */
export const docsPageCsp =
  "default-src 'self'; base-uri 'none'; connect-src 'self'; font-src 'self' data:; form-action 'none'; frame-ancestors 'none'; " +
  "img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self'";

/** Swagger UI at /partner-api under the product's name, its "Try it out" signed by try-it-signing.js. */
export const docsPageOptions: FastifySwaggerUiOptions = {
  routePrefix: '/partner-api',
  staticCSP: docsPageCsp,
  theme: {
    title: 'SIR Giving Partner API',
    favicon: [{ filename: 'favicon.svg', rel: 'icon', type: 'image/svg+xml', sizes: 'any', content: icon }],
    css: [{ filename: 'docs-page.css', content: pageStyle }],
    js: [{ filename: 'try-it-signing.js', content: signingScript }],
  },
  uiConfig: {
    // Without Swagger's top bar (its logo and spec URL box); the page script adds the product's own.
    layout: 'BaseLayout',
    // Deep links put a link inside each operation's expand button, which screen readers cannot reach.
    deepLinking: false,
    // Serialized into the page's initializer and run by the browser: it hands each request to the page script.
    requestInterceptor: (request) => (globalThis as unknown as SigningPage).sirGivingTryIt.signRequest(request),
  },
};

interface SigningPage {
  sirGivingTryIt: { signRequest<R>(request: R): Promise<R> };
}
