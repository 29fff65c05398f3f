import { z } from 'zod';
import { exampleIds } from '../schemas/example-values.js';
import { eventExamples } from '../schemas/event-payload-examples.js';
import { eventEnvelopeSchema } from '../schemas/event-payload-schemas.js';
import { eventTypes } from '../../webhooks/event-types.js';

const placeholder = '__COMPONENT__';

/**
 * The JSON Schema of a zod schema, with its named parts (PartnerUser, Campaign…) referenced from the
 * document's components, as fastify-type-provider-zod references them for routes.
 */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(schema, { id: 'Body' });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    metadata: z.globalRegistry,
    unrepresentable: 'any',
    reused: 'inline',
    uri: () => placeholder,
  });
  const { $schema: _dialect, $id: _id, ...body } = schemas.Body!;
  return JSON.parse(
    JSON.stringify(body).replaceAll(new RegExp(`"${placeholder}#/\\$defs/([^"]+)"`, 'g'), '"#/components/schemas/$1"'),
  );
}

const header = (name: string, required: boolean, description: string, example: string) => ({
  name,
  in: 'header' as const,
  required,
  description,
  schema: { type: 'string' as const },
  example,
});

/** What every attempt sends besides the body (sir-webhooks.md "Delivery format"; delivery-headers.ts). */
const deliveryHeaders = [
  header(
    'X-SIR-Signature',
    true,
    '`sha256=` + HMAC_SHA256_hex(webhook secret, X-SIR-Timestamp + "." + raw body). During a secret rotation one signature per secret, space separated: accept any of them.',
    'sha256=3b1f0c9a7e5d2b8f6a4c1e9d7b5a3f1c8e6d4b2a0f9e7c5d3b1a8f6e4d2c0b9a',
  ),
  header(
    'X-SIR-Timestamp',
    true,
    'Unix seconds of this attempt; refuse ones far from your clock to stop replays',
    '1778404321',
  ),
  header(
    'X-SIR-Delivery-Id',
    true,
    'The delivery of this event to this endpoint; the same across its attempts',
    exampleIds.delivery,
  ),
  header('X-SIR-Event-Id', true, 'The event id, as in the body; dedupe on it', exampleIds.event),
  header('User-Agent', true, 'Always this value', 'SIRGiving-Webhooks/1.0'),
  header(
    'Request-Id',
    false,
    'The Request-Id of the API call that caused the event, when one did',
    'req_0a2s4d6f8g0h2j4k6l8z',
  ),
  header(
    'webhook-id',
    false,
    'Standard Webhooks, when the endpoint has standardWebhooks: the event id',
    exampleIds.event,
  ),
  header('webhook-timestamp', false, 'Standard Webhooks: as X-SIR-Timestamp', '1778404321'),
  header(
    'webhook-signature',
    false,
    'Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed by the base64-decoded secret after `whsec_`',
    'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  ),
];

const acknowledgement = {
  '2XX': {
    description:
      'Any 2xx acknowledges the delivery. Anything else, a redirect or a timeout is retried with backoff (429 and 503 honour Retry-After); 410 stops deliveries and disables the endpoint.',
  },
};

/** The OpenAPI 3.1 `webhooks` object: one POST per event type, as a partner's endpoint receives it. */
export function webhookDocs() {
  return Object.fromEntries(
    eventTypes.map((type) => {
      const envelope = eventEnvelopeSchema(type);
      const operation = {
        tags: ['Webhook events'],
        summary: type,
        description: `${envelope.shape.data.description ?? ''}. Signed with the endpoint's secret; the body is the envelope { id, type, createdAt, data }.`,
        parameters: deliveryHeaders,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: jsonSchemaOf(envelope), example: eventExamples[type] } },
        },
        responses: acknowledgement,
      };
      return [type, { post: operation }];
    }),
  );
}
