import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Organization } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import { organizationView } from '../../organizations/organization-view.js';
import { errorResponses } from '../schemas/common.js';
import { organizationParams, organizationSchema } from '../schemas/donation-schemas.js';

export interface OrganizationRouteDeps {
  findOrganization: (slug: string) => Promise<Organization | undefined>;
}

/** The nonprofit directory, read by browser widgets with a publishable key. */
export const organizationRoutes: FastifyPluginAsyncZod<OrganizationRouteDeps> = async (app, { findOrganization }) => {
  app.get('/v1/partner/organizations/:slug', {
    config: { auth: 'widget' },
    schema: {
      tags: ['Widget'],
      summary: 'Look up nonprofit details',
      params: organizationParams,
      response: { 200: organizationSchema, ...errorResponses },
    },
    handler: async (request) => {
      const organization = await findOrganization(request.params.slug);
      if (!organization) throw notFound(`nonprofit "${request.params.slug}"`);
      return organizationView(organization);
    },
  });
};
