import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/openapi-document.js';
import { eventTypes } from '../../src/webhooks/event-types.js';

type JsonObject = Record<string, any>;

interface ExampleSite {
  where: string;
  media: JsonObject;
}

/** Every example shown for a media object: its own, or its schema's (a named schema's via $ref). */
function examplesOf(document: JsonObject, media: JsonObject): unknown[] {
  const found: unknown[] = [];
  if ('example' in media) found.push(media.example);
  found.push(...Object.values<JsonObject>(media.examples ?? {}).map((example) => example.value));
  const ref: string | undefined = media.schema?.$ref;
  const schema = ref ? document.components.schemas[ref.replace('#/components/schemas/', '')] : media.schema;
  if (Array.isArray(schema?.examples)) found.push(...schema.examples);
  if (schema && 'example' in schema) found.push(schema.example);
  return found;
}

/** The request bodies and success responses of the partner operations (hidden admin routes are absent). */
function operationSites(document: JsonObject) {
  const bodies: ExampleSite[] = [];
  const responses: ExampleSite[] = [];
  for (const [path, item] of Object.entries<JsonObject>(document.paths)) {
    for (const [method, operation] of Object.entries<JsonObject>(item)) {
      const body = operation.requestBody?.content?.['application/json'];
      if (body) bodies.push({ where: `${method.toUpperCase()} ${path} request`, media: body });
      for (const [status, response] of Object.entries<JsonObject>(operation.responses ?? {})) {
        if (!status.startsWith('2') || !response.content) continue;
        responses.push({
          where: `${method.toUpperCase()} ${path} ${status}`,
          media: response.content['application/json'],
        });
      }
    }
  }
  return { bodies, responses };
}

describe('examples in the OpenAPI document', () => {
  let document: JsonObject;
  let problemsOf: (site: ExampleSite) => string[];

  beforeAll(async () => {
    document = await buildOpenApiDocument();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // A CommonJS module: under NodeNext its default import is the module, the plugin is its .default.
    ajvFormats.default(ajv);
    // $refs point at #/components/schemas/…, so each schema is checked with the components beside it.
    problemsOf = ({ where, media }) => {
      const examples = examplesOf(document, media);
      if (examples.length === 0) return [`${where}: no example`];
      const validate = ajv.compile({ ...media.schema, components: document.components });
      return examples.flatMap((example) => (validate(example) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`]));
    };
  });

  it('shows a valid example for every request body', () => {
    const { bodies } = operationSites(document);
    expect(bodies.length).toBeGreaterThan(15);
    expect(bodies.flatMap((site) => problemsOf(site))).toEqual([]);
  });

  it('shows a valid example for every success response with a body', () => {
    const { responses } = operationSites(document);
    expect(responses.length).toBeGreaterThan(50);
    expect(responses.flatMap((site) => problemsOf(site))).toEqual([]);
  });

  it('documents one webhook per event type, each with a valid example of that type', () => {
    expect(Object.keys(document.webhooks).sort()).toEqual([...eventTypes].sort());
    for (const [type, item] of Object.entries<JsonObject>(document.webhooks)) {
      const media = item.post.requestBody.content['application/json'];
      expect(media.example.type, type).toBe(type);
      expect(media.schema.properties.type.const).toBe(type);
      expect(problemsOf({ where: `webhook ${type}`, media })).toEqual([]);
    }
  });

  it('documents the delivery headers a receiver verifies', () => {
    const parameters: JsonObject[] = document.webhooks['action.completed'].post.parameters;
    const required = parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name);
    expect(required).toEqual(
      expect.arrayContaining(['X-SIR-Signature', 'X-SIR-Timestamp', 'X-SIR-Delivery-Id', 'X-SIR-Event-Id']),
    );
    expect(parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['Request-Id', 'webhook-id', 'webhook-timestamp', 'webhook-signature']),
    );
    expect(parameters.every((parameter) => parameter.in === 'header')).toBe(true);
  });
});
