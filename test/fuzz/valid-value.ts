import fc from 'fast-check';
import type { JsonSchema } from './json-schema.js';

const sampleEmails = ['ada@example.com', 'grace.hopper@example.org', 'x_1+tag@mail.example.net'];

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 64;
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.format === 'email') return fc.constantFrom(...sampleEmails);
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({ minLength: min, maxLength: Math.min(max, Math.max(min, 24)) });
}

/** Integers inside the bounds: valid for integer schemas, and for decimal ones whatever their multipleOf. */
function validNumber(schema: JsonSchema): fc.Arbitrary<number> {
  const lowest =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Math.floor(schema.exclusiveMinimum) + 1 : -1000);
  const highest =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? Math.ceil(schema.exclusiveMaximum) - 1 : 1_000_000);
  const min = Math.ceil(Math.max(lowest, -1_000_000));
  return fc.integer({ min, max: Math.max(min, Math.floor(Math.min(highest, 1_000_000))) });
}

function validObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object') {
    const key = validString({ minLength: 1, maxLength: 20, ...schema.propertyNames }).filter((k) => k !== '__proto__');
    return fc.dictionary(key, validValue(schema.additionalProperties), { maxKeys: 3, noNullPrototype: true });
  }
  const record = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, validValue(property)]));
  return fc.record(record, { requiredKeys: schema.required ?? [], noNullPrototype: true });
}

/** Values a schema accepts, as far as its JSON Schema says (business rules aside). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map(validValue));
  switch ([schema.type].flat()[0]) {
    case 'string':
      return validString(schema);
    case 'integer':
    case 'number':
      return validNumber(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(validValue(schema.items ?? {}), {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    case 'object':
      return validObject(schema);
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  }
}
