import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses } from '../schemas/common.js';
import { exampleIds } from '../schemas/example-values.js';
import { environmentSchema } from '../schemas/key-schemas.js';

const widgetConfigSchema = z
  .object({
    partnerId: z.string(),
    name: z.string(),
    slug: z.string(),
    environment: environmentSchema,
    features: z.array(z.string()),
  })
  .meta({
    id: 'WidgetConfig',
    examples: [
      {
        partnerId: exampleIds.partner,
        name: 'Acme Outdoors',
        slug: 'acme-outdoors',
        environment: 'sandbox',
        features: ['actions', 'webhooks', 'donations'],
      },
    ],
  });

/** What a browser widget needs to render, from a publishable key alone. */
export const widgetConfigRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/partner/config', {
    config: { auth: 'widget' },
    schema: {
      tags: ['Widget'],
      summary: 'Partner widget config',
      response: { 200: widgetConfigSchema, ...errorResponses },
    },
    handler: async (request) => {
      const { partner, environment } = partnerOf(request);
      return { partnerId: partner.id, name: partner.name, slug: partner.slug, environment, features: partner.features };
    },
  });
};
