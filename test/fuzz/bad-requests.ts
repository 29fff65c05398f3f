import fc from 'fast-check';
import { fieldViolations, nastyUnicode, type FieldViolation } from './invalid-value.js';
import { branchesOf, jsonTypeOf, typesOf, type JsonSchema } from './json-schema.js';
import { validValue } from './valid-value.js';

/** A route's inputs as the OpenAPI document (or an admin route's zod schema) describes them. */
export interface RouteInputs {
  method: string;
  /** Fastify's form, with `:param` segments. */
  url: string;
  pathParams: Record<string, JsonSchema>;
  query: Record<string, JsonSchema>;
  body?: JsonSchema;
}

export type BadInputCategory =
  | `body:${FieldViolation}`
  | 'body:wrong-root'
  | 'body:missing-field'
  | 'body:extra-field'
  | 'body:invalid-json'
  | 'body:content-type'
  | 'body:over-1mb'
  | 'body:deep-nesting'
  | 'body:lone-surrogate'
  | 'body:duplicate-member'
  | 'line:over-16kb'
  | 'path:traversal'
  | 'query:invalid';

export interface BadRequest {
  category: BadInputCategory;
  pathWithQuery: string;
  rawBody: string;
  contentType?: string;
}

const oneMegabyte = 1024 * 1024;

export const traversalIds = [
  '..',
  '%2e%2e',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fv1%2fadmin',
  '....%2F%2F',
  '%00',
  'id%00.json',
  '%252e%252e%252f',
  '..%5C..%5Cwindows',
  'x'.repeat(5000),
  '%F0%9F%98%80',
  '%ff%fe',
  '%C0%AE%C0%AE',
  "'%20OR%201%3D1%20--",
  '%E2%80%AE',
  '*',
  '$',
  '~',
];

export const invalidJsonBodies = [
  '{"a": ',
  '{a: 1}',
  "{'a': 1}",
  '{"a": 1,}',
  '[1, 2',
  '{"a": NaN}',
  '{"a": 1}{"b": 2}',
  'undefined',
  '\u0000',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '\ufeff{}',
  '{"a": "\\ud800"',
  '[',
  '"unterminated',
  '{"a": 1e999999}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
];

/** Beyond the 32 levels I-JSON bodies may nest, up to depths that overflowed recursive checks. */
// Bodies within every route's limit (64 KB for one object); the old recursive checks overflowed from 4,000.
const nestingDepths = [33, 3_000, 5_000, 30_000];
const loneSurrogates = ['\ud800', '\udbff', '\udc00', 'x\udfff', '\ude00\ud83d'];
/** Longer than the 16 KB Node's parser reads for a request line and headers. */
const overLongQuery = `pad=${'l'.repeat(20_000)}`;

const nonObjectBodies = ['null', 'true', '42', '-1e308', '"text"', '[]', '[{}]', JSON.stringify(nastyUnicode)];
const otherContentTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
];

/** Every field of a value with the schema that governs it, nested objects and array items included. */
function fieldsOf(
  schema: JsonSchema,
  value: unknown,
  path: Array<string | number> = [],
): Array<{ path: Array<string | number>; schema: JsonSchema }> {
  const here = path.length > 0 ? [{ path, schema }] : [];
  if (Array.isArray(value) && schema.items)
    return [...here, ...value.flatMap((item, i) => fieldsOf(schema.items!, item, [...path, i]))];
  if (value && typeof value === 'object') {
    const objectSchema = branchesOf(schema).find((branch) => branch.properties);
    const properties = objectSchema?.properties ?? {};
    return [
      ...here,
      ...Object.entries(value).flatMap(([key, item]) =>
        properties[key] ? fieldsOf(properties[key], item, [...path, key]) : [],
      ),
    ];
  }
  return here;
}

/** Every field schema a body can hold, however deep. */
function fieldSchemas(schema: JsonSchema): JsonSchema[] {
  const objectBranches = branchesOf(schema).filter((branch) => branch.properties);
  const children = [
    ...objectBranches.flatMap((branch) => Object.values(branch.properties!)),
    ...branchesOf(schema).flatMap((branch) => (branch.items ? [branch.items] : [])),
  ];
  return [...children, ...children.flatMap(fieldSchemas)];
}

function replaceAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  const copy = { ...(value as Record<string, unknown>) };
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

function fillPath(url: string, ids: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? 'unknown_id');
}

const plainIds = (route: RouteInputs) =>
  Object.fromEntries(Object.keys(route.pathParams).map((name) => [name, `fuzz_${name}`]));

function bodyViolations(route: RouteInputs, schema: JsonSchema): Array<fc.Arbitrary<BadRequest>> {
  // A nullable body (approving needs none) is broken through its object branch.
  const body = branchesOf(schema).find((branch) => branch.type === 'object') ?? schema;
  const admitted = typesOf(schema);
  const path = fillPath(route.url, plainIds(route));
  const json =
    (category: BadInputCategory) =>
    (value: unknown): BadRequest => ({ category, pathWithQuery: path, rawBody: JSON.stringify(value) });
  const skeleton = validValue(body);
  const arbitraries: Array<fc.Arbitrary<BadRequest>> = [
    fc
      .constantFrom(...nonObjectBodies.filter((raw) => !admitted.has(jsonTypeOf(JSON.parse(raw)))))
      .map((rawBody) => ({ category: 'body:wrong-root' as const, pathWithQuery: path, rawBody })),
    fc
      .constantFrom(...invalidJsonBodies)
      .map((rawBody) => ({ category: 'body:invalid-json' as const, pathWithQuery: path, rawBody })),
    fc.tuple(skeleton, fc.constantFrom(...otherContentTypes)).map(([value, contentType]) => ({
      category: 'body:content-type' as const,
      pathWithQuery: path,
      rawBody: JSON.stringify(value),
      contentType,
    })),
    skeleton.map((value) => ({
      category: 'body:over-1mb' as const,
      pathWithQuery: path,
      rawBody: JSON.stringify({ ...(value as object), pad: 'z'.repeat(oneMegabyte) }),
    })),
  ];
  // I-JSON: the same valid body, broken as text in a way JSON.parse alone would accept.
  const firstField = Object.keys(body.properties ?? {})[0] ?? 'nest';
  arbitraries.push(
    fc.tuple(skeleton, fc.constantFrom(...nestingDepths)).map(([value, depth]) => ({
      category: 'body:deep-nesting' as const,
      pathWithQuery: path,
      rawBody: JSON.stringify({ ...(value as object), [firstField]: '<nest>' }).replace(
        '"<nest>"',
        `${'['.repeat(depth)}${']'.repeat(depth)}`,
      ),
    })),
  );
  arbitraries.push(
    skeleton.chain((value) => {
      const paths = fieldsOf(body, value).map(({ path: at }) => at);
      return fc
        .tuple(
          paths.length > 0 ? fc.constantFrom(...paths) : fc.constant<Array<string | number>>([firstField]),
          fc.constantFrom(...loneSurrogates),
        )
        .map(([at, text]) => json('body:lone-surrogate')(replaceAt(value, at, text)));
    }),
  );
  arbitraries.push(
    skeleton.map((value) => {
      const text = JSON.stringify(value ?? {});
      const [name, first] = Object.entries(JSON.parse(text) as object)[0] ?? ['a', 1];
      const rest = text.slice(1);
      return {
        category: 'body:duplicate-member' as const,
        pathWithQuery: path,
        rawBody: `{${JSON.stringify(name)}:${JSON.stringify(first)},${rest === '}' ? `${JSON.stringify(name)}:${JSON.stringify(first)}}` : rest}`,
      };
    }),
  );
  arbitraries.push(
    skeleton.map((value) => ({
      category: 'line:over-16kb' as const,
      pathWithQuery: `${path}?${overLongQuery}`,
      rawBody: JSON.stringify(value),
    })),
  );
  const required = body.required ?? [];
  if (required.length > 0) {
    arbitraries.push(
      fc.tuple(skeleton, fc.constantFrom(...required)).map(([value, missing]) => {
        const { [missing]: _dropped, ...rest } = value as Record<string, unknown>;
        return json('body:missing-field')(rest);
      }),
    );
  }
  if (body.additionalProperties === false) {
    const unknownKey = fc
      .oneof(
        fc.constantFrom('isAdmin', 'partnerId', 'id', ...nastyUnicode),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }),
      )
      .filter((key) => !(key in (body.properties ?? {})) && key !== '__proto__');
    arbitraries.push(
      fc
        .tuple(skeleton, unknownKey, fc.jsonValue({ maxDepth: 2 }))
        .map(([value, key, extra]) => json('body:extra-field')({ ...(value as object), [key]: extra })),
    );
  }
  // A field of the generated body, broken in one of the ways its own schema refuses.
  const kinds: FieldViolation[] = ['wrong-type', 'huge-string', 'huge-number', 'unicode'];
  for (const kind of kinds.filter((k) => fieldSchemas(body).some((field) => fieldViolations(field)[k]))) {
    const broken = skeleton.chain((value) => {
      const candidates = fieldsOf(body, value).flatMap(({ path: at, schema }) => {
        const violation = fieldViolations(schema)[kind];
        return violation ? [violation.map((bad) => replaceAt(value, at, bad))] : [];
      });
      return candidates.length > 0 ? fc.oneof(...candidates) : fc.constant(undefined);
    });
    arbitraries.push(broken.filter((value) => value !== undefined).map(json(`body:${kind}`)));
  }
  return arbitraries;
}

/** Query values arrive as strings; these are outside what each parameter takes. */
function queryValueViolations(schema: JsonSchema): string[] {
  const types = typesOf(schema);
  const values: string[] = [];
  if (types.has('integer') || types.has('number'))
    values.push('abc', 'NaN', '1e400', '--1', '0x', String(Number.MAX_VALUE) + '0');
  if (types.has('integer') && !types.has('number')) values.push('1.5');
  if (schema.maximum !== undefined) values.push(String(schema.maximum + 1), '9'.repeat(400));
  if (schema.minimum !== undefined) values.push(String(schema.minimum - 1), '-' + '9'.repeat(400));
  if (schema.maxLength !== undefined)
    values.push('q'.repeat(schema.maxLength + 1), '%F0%9F%98%80'.repeat(schema.maxLength + 1));
  if (schema.enum || schema.pattern || schema.format) values.push('%E2%80%AE%00', '%F0%9F%92%A9', 'not-valid-%C3%28');
  if (types.has('boolean') && !types.has('string')) values.push('maybe', '2');
  return values;
}

function queryViolations(route: RouteInputs): Array<fc.Arbitrary<BadRequest>> {
  const cases = Object.entries(route.query).flatMap(([name, schema]) =>
    queryValueViolations(schema).map((value) => `${name}=${value}`),
  );
  if (cases.length === 0) return [];
  const path = fillPath(route.url, plainIds(route));
  return [
    fc
      .constantFrom(...cases)
      .map((query) => ({ category: 'query:invalid' as const, pathWithQuery: `${path}?${query}`, rawBody: '' })),
  ];
}

function overLongLines(route: RouteInputs): Array<fc.Arbitrary<BadRequest>> {
  if (route.body) return [];
  return [
    fc.constant({
      category: 'line:over-16kb' as const,
      pathWithQuery: `${fillPath(route.url, plainIds(route))}?${overLongQuery}`,
      rawBody: '',
    }),
  ];
}

function traversals(route: RouteInputs): Array<fc.Arbitrary<BadRequest>> {
  const names = Object.keys(route.pathParams);
  if (names.length === 0) return [];
  const body = route.body ? validValue(route.body).map((value) => JSON.stringify(value)) : fc.constant('');
  return [
    fc.tuple(fc.constantFrom(...names), fc.constantFrom(...traversalIds), body).map(([name, id, rawBody]) => ({
      category: 'path:traversal' as const,
      pathWithQuery: fillPath(route.url, { ...plainIds(route), [name]: id }),
      rawBody,
    })),
  ];
}

/** Requests to one route, each wrong in one way; undefined when the route takes no input at all. */
export function badRequests(route: RouteInputs): fc.Arbitrary<BadRequest> | undefined {
  const arbitraries = [
    ...(route.body ? bodyViolations(route, route.body) : []),
    ...queryViolations(route),
    ...traversals(route),
    ...overLongLines(route),
  ];
  return arbitraries.length > 0 ? fc.oneof(...arbitraries) : undefined;
}
