import { z } from 'zod';
import {
  adminListPoolRequestsQuery,
  approvePoolRequestBody,
  partnerIdParams,
  partnerStatusBody,
  poolRequestIdParams,
  rejectPoolRequestBody,
} from '../../src/api/schemas/pool-request-schemas.js';
import type { RouteInputs } from './bad-requests.js';
import type { JsonSchema } from './json-schema.js';

interface OpenApiParameter {
  in: string;
  name: string;
  schema: JsonSchema;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

const parametersIn = (operation: OpenApiOperation, where: string) =>
  Object.fromEntries((operation.parameters ?? []).filter((p) => p.in === where).map((p) => [p.name, p.schema]));

/** Every operation of the OpenAPI document, with Fastify's `:param` form of its path. */
export function documentedRoutes(document: OpenApiDocument): RouteInputs[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      url: path.replace(/\{(\w+)\}/g, ':$1'),
      pathParams: parametersIn(operation, 'path'),
      query: parametersIn(operation, 'query'),
      body: operation.requestBody?.content['application/json']?.schema,
    })),
  );
}

const jsonSchemaOf = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
const propertiesOf = (schema: z.ZodType) => jsonSchemaOf(schema).properties ?? {};

/** The operator routes, which the partner document leaves out, from the same zod schemas that validate them. */
export function adminRoutes(): RouteInputs[] {
  return [
    { method: 'GET', url: '/v1/admin/pool-requests', pathParams: {}, query: propertiesOf(adminListPoolRequestsQuery) },
    {
      method: 'POST',
      url: '/v1/admin/pool-requests/:id/approve',
      pathParams: propertiesOf(poolRequestIdParams),
      query: {},
      body: jsonSchemaOf(approvePoolRequestBody),
    },
    {
      method: 'POST',
      url: '/v1/admin/pool-requests/:id/reject',
      pathParams: propertiesOf(poolRequestIdParams),
      query: {},
      body: jsonSchemaOf(rejectPoolRequestBody),
    },
    {
      method: 'PATCH',
      url: '/v1/admin/partners/:partnerId/status',
      pathParams: propertiesOf(partnerIdParams),
      query: {},
      body: jsonSchemaOf(partnerStatusBody),
    },
  ];
}
