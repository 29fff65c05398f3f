import { z } from 'zod';
import { customHeaderProblems } from '../../webhooks/endpoints/custom-headers.js';
import { webhookSecretPattern } from '../../webhooks/endpoints/webhook-secret.js';
import { exampleIds, exampleTimes } from './example-values.js';
import { environmentSchema } from './key-schemas.js';

const webhookEndpointExample = {
  id: exampleIds.webhook,
  url: 'https://your-app.example.com/webhooks/sir',
  description: 'Sandbox webhook',
  environment: 'sandbox' as const,
  eventTypes: ['action.completed', 'action.failed'],
  receiveAllEvents: false,
  headers: { 'X-Team': '…' },
  standardWebhooks: false,
  ordered: false,
  maxDeliveriesPerSecond: null,
  isActive: true,
  disabledReason: null,
  disabledAt: null,
  consecutiveFailures: 0,
  circuit: { state: 'closed' as const, openedAt: null, nextProbeAt: null, failingSince: null, failedAttemptsInRow: 0 },
  previousSecretExpiresAt: null,
  createdAt: exampleTimes.created,
  updatedAt: exampleTimes.created,
};

export const endpointCircuitSchema = z
  .object({
    state: z
      .enum(['closed', 'open'])
      .describe(
        'open: the endpoint failed several attempts in a row; one delivery probes it on its backoff and the others wait, then all flow again',
      ),
    openedAt: z.string().nullable(),
    nextProbeAt: z.string().nullable().describe('When the probe attempts next, while open'),
    failingSince: z
      .string()
      .nullable()
      .describe(
        'The first failed attempt since the last success; after the configured time (5 days by default) the endpoint is disabled',
      ),
    failedAttemptsInRow: z.number().int(),
  })
  .meta({ id: 'WebhookEndpointCircuit' });
const orderedText =
  'Deliveries start one at a time, in the order their events were dispatched: each waits until the one before it is delivered or has failed at the end of its retry window';
const rateText =
  'At most this many requests start per second; deliveries beyond it wait for a slot, none is dropped. Null: no limit';
export const maxDeliveriesPerSecondLimit = 1000;

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    environment: environmentSchema,
    eventTypes: z.array(z.string()),
    receiveAllEvents: z.boolean(),
    headers: z
      .record(z.string(), z.string())
      .describe(
        'Custom header names, each with a hint of its value (… and its last 4 characters when 12 or longer): values are write-only',
      ),
    standardWebhooks: z
      .boolean()
      .describe('Also signed with the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature)'),
    ordered: z.boolean().describe(orderedText),
    maxDeliveriesPerSecond: z.number().int().nullable().describe(rateText),
    isActive: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledAt: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    circuit: endpointCircuitSchema,
    previousSecretExpiresAt: z
      .string()
      .nullable()
      .describe('Until then, deliveries are also signed with the secret before the last rotation'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint', examples: [webhookEndpointExample] });

export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({ secret: z.string().describe('Shown once: whsec_ and 64 hex characters; store it') })
  .meta({
    id: 'WebhookEndpointWithSecret',
    examples: [
      { ...webhookEndpointExample, secret: 'whsec_3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a' },
    ],
  });

const url = z.string().max(2048).describe('Absolute URL; https and a public host in production');
const description = z.string().trim().max(500);
const eventTypeList = z
  .array(z.string().min(1).max(100))
  .max(100)
  .describe('Event types to receive; "*" receives every type, including ones added later');
const customHeaders = z
  .record(z.string(), z.string())
  .superRefine((headers, ctx) => {
    for (const message of customHeaderProblems(headers)) ctx.addIssue({ code: 'custom', message });
  })
  .describe('Sent with every delivery; cannot replace Content-Type, User-Agent, X-SIR-*, webhook-* or Request-Id');
const secret = z.string().regex(webhookSecretPattern, 'secret must be whsec_ followed by 64 hex characters');
const rateProblem = `maxDeliveriesPerSecond must be a whole number from 1 to ${maxDeliveriesPerSecondLimit}, or null for no limit`;
const maxDeliveriesPerSecond = z
  .number({ error: rateProblem })
  .int({ error: rateProblem })
  .min(1, { error: rateProblem })
  .max(maxDeliveriesPerSecondLimit, { error: rateProblem })
  .nullable()
  .describe(rateText);

export const createWebhookBody = z
  .strictObject({
    url,
    description: description.optional(),
    eventTypes: eventTypeList.optional(),
    receiveAllEvents: z.boolean().default(false),
    headers: customHeaders.optional(),
    secret: secret.optional().describe('Your own signing secret; one is generated when absent'),
    standardWebhooks: z.boolean().default(false),
    ordered: z.boolean().default(false).describe(orderedText),
    maxDeliveriesPerSecond: maxDeliveriesPerSecond.default(null),
  })
  .meta({
    examples: [
      {
        url: 'https://your-app.example.com/webhooks/sir',
        description: 'Sandbox webhook',
        eventTypes: ['action.completed', 'action.failed'],
        receiveAllEvents: false,
        headers: { 'X-Team': 'rewards' },
      },
    ],
  });

export const updateWebhookBody = z
  .strictObject({
    url: url.optional(),
    description: description.nullable().optional(),
    eventTypes: eventTypeList.optional(),
    receiveAllEvents: z.boolean().optional(),
    headers: customHeaders.optional().describe('Replaces every custom header'),
    standardWebhooks: z.boolean().optional(),
    ordered: z
      .boolean()
      .optional()
      .describe('Applies to deliveries recorded after the change; turning it off lets waiting deliveries go at once'),
    maxDeliveriesPerSecond: maxDeliveriesPerSecond.optional(),
    isActive: z.boolean().optional().describe('true re-enables a disabled endpoint and resets its failure count'),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .meta({ examples: [{ eventTypes: ['action.completed', 'action.failed', 'action.reversed'], isActive: true }] });

const rotateSecretFields = z.strictObject({
  gracePeriodHours: z
    .number()
    .min(0)
    .max(168)
    .default(24)
    .describe('How long the previous secret keeps signing deliveries'),
  secret: secret.optional().describe('Your own new secret; one is generated when absent'),
});

/** The body is optional: without one, a generated secret and 24 hours of grace. */
export const rotateSecretBody = rotateSecretFields
  .nullable()
  .meta({ examples: [{ gracePeriodHours: 24 }] })
  .transform((body) => body ?? rotateSecretFields.parse({}));

export const webhookIdParams = z.strictObject({ id: z.string().min(1).max(64) });
