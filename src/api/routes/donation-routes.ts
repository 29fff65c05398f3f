import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DonationService } from '../../donations/donation-service.js';
import { listeningOrigin } from '../listening-origin.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses } from '../schemas/common.js';
import {
  createDonationLinkBody,
  donationLinkSchema,
  donationStatusParams,
  donationStatusSchema,
} from '../schemas/donation-schemas.js';

export interface DonationRouteDeps {
  donations: DonationService;
}

const tags = ['Widget'];

/** Scenario 1 of the spec: a browser creates a checkout link with a publishable key, then polls its status. */
export const donationRoutes: FastifyPluginAsyncZod<DonationRouteDeps> = async (app, { donations }) => {
  app.post('/v1/partner/donations/create-link', {
    config: { auth: 'widget' },
    schema: {
      tags,
      summary: 'Create a donation checkout link',
      description:
        '`amount` is in minor units of the currency (2500 USD is $25.00). Answers the hosted checkout page to send the donor to and the id to poll.',
      body: createDonationLinkBody,
      response: { 201: donationLinkSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      return reply
        .code(201)
        .send(await donations.createLink(partnerOf(request), request.body, request.id, listeningOrigin(app.server)));
    },
  });

  app.get('/v1/partner/donations/status/:partnerDonationId', {
    config: { auth: 'widget' },
    schema: {
      tags,
      summary: 'Check donation reward status',
      params: donationStatusParams,
      response: { 200: donationStatusSchema, ...errorResponses },
    },
    handler: async (request) => donations.status(partnerOf(request), request.params.partnerDonationId),
  });
};
