import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkoutPageHeaders, renderCheckoutPage, renderMissingCheckoutPage } from '../../donations/checkout-page.js';
import type { CheckoutService } from '../../donations/checkout-service.js';

export interface CheckoutPageRouteDeps {
  checkout: CheckoutService;
}

const tokenParams = z.strictObject({ token: z.string().min(1).max(128) });

/** The hosted checkout page a donation link points at: server-rendered HTML, no script. */
export const checkoutPageRoutes: FastifyPluginAsyncZod<CheckoutPageRouteDeps> = async (app, { checkout }) => {
  // The page's form posts as a browser does; its body carries nothing (the token is in the path).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (_request, _body, done) => done(null, {}),
  );

  app.get('/checkout/:token', {
    schema: { hide: true, params: tokenParams },
    handler: async (request, reply) => {
      const view = await checkout.show(request.params.token);
      reply.headers(checkoutPageHeaders);
      return view ? reply.send(renderCheckoutPage(view)) : reply.code(404).send(renderMissingCheckoutPage());
    },
  });

  app.post('/checkout/:token/complete', {
    schema: { hide: true, params: tokenParams },
    handler: async (request, reply) => {
      await checkout.complete(request.params.token, request.id);
      // Post/redirect/get: a reload shows the page instead of posting again.
      return reply.redirect(`../${encodeURIComponent(request.params.token)}`, 303);
    },
  });
};
