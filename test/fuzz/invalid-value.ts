import fc from 'fast-check';
import { typesOf, type JsonSchema } from './json-schema.js';

/** Ways a single field can be wrong, each one outside the field's schema by construction. */
export type FieldViolation = 'wrong-type' | 'huge-string' | 'huge-number' | 'unicode';

const valueOfType: Record<string, unknown[]> = {
  string: ['42', ''],
  integer: [42, -1],
  number: [1.5, -0.25],
  boolean: [true, false],
  null: [null],
  object: [{}, { nested: { deeper: [1] } }],
  array: [[], ['a', 1, null]],
};

/** Strings that trouble parsers, collations, logs and terminals. */
export const nastyUnicode = [
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  'zero\u200bwidth',
  '\ufeffbom',
  'Ω≈ç√∫',
  '𝕳𝖊𝖑𝖑𝖔',
  '😀👨‍👩‍👧‍👦',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '田中さんにあげて下さい',
  'مرحبا',
  '\r\n\t',
  "'; DROP TABLE partners; --",
  '{{7*7}}',
  '%s%n%x',
];

function wrongTypes(schema: JsonSchema): unknown[] {
  const admitted = typesOf(schema);
  if (admitted.size === 0) return [];
  return Object.entries(valueOfType)
    .filter(([type]) => !admitted.has(type))
    .flatMap(([, values]) => values);
}

function hugeStrings(schema: JsonSchema): fc.Arbitrary<string> | undefined {
  if (!typesOf(schema).has('string') || schema.maxLength === undefined || schema.enum) return undefined;
  const limit = schema.maxLength;
  return fc.oneof(
    fc.constant('x'.repeat(limit + 1)),
    fc.integer({ min: limit + 1, max: Math.max(limit + 2, 200_000) }).map((n) => 'y'.repeat(n)),
  );
}

function hugeNumbers(schema: JsonSchema): unknown[] {
  const types = typesOf(schema);
  if (!types.has('integer') && !types.has('number')) return [];
  const values: unknown[] = [];
  if (schema.maximum !== undefined) values.push(schema.maximum + 1, 1e308, Number.MAX_SAFE_INTEGER * 4);
  if (schema.exclusiveMaximum !== undefined) values.push(schema.exclusiveMaximum, 1e308);
  if (schema.minimum !== undefined) values.push(schema.minimum - 1, -1e308);
  if (schema.exclusiveMinimum !== undefined) values.push(schema.exclusiveMinimum, -1e308);
  if (!types.has('number')) values.push(0.5, 2 ** 60 + 0.5);
  return values;
}

/** Unicode that the field's length, pattern, enum or format cannot accept. */
function unicodeStrings(schema: JsonSchema): fc.Arbitrary<string> | undefined {
  if (!typesOf(schema).has('string')) return undefined;
  const candidates = fc.oneof(
    fc.constantFrom(...nastyUnicode),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  );
  const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
  if (pattern) return candidates.filter((s) => !pattern.test(s));
  if (schema.enum) return candidates.filter((s) => !schema.enum!.includes(s));
  if (schema.maxLength !== undefined) {
    const limit = schema.maxLength;
    return fc
      .string({ unit: 'binary', minLength: limit + 1, maxLength: limit + 8 })
      .map((s) => (s + '😀'.repeat(limit + 1)).slice(0, limit * 2 + 2));
  }
  return undefined;
}

/** Violations of one field's schema, by kind; kinds that cannot violate this schema are left out. */
export function fieldViolations(schema: JsonSchema): Partial<Record<FieldViolation, fc.Arbitrary<unknown>>> {
  const found: Partial<Record<FieldViolation, fc.Arbitrary<unknown>>> = {};
  const types = wrongTypes(schema);
  if (types.length > 0) found['wrong-type'] = fc.constantFrom(...types);
  const strings = hugeStrings(schema);
  if (strings) found['huge-string'] = strings;
  const numbers = hugeNumbers(schema);
  if (numbers.length > 0) found['huge-number'] = fc.constantFrom(...numbers);
  const unicode = unicodeStrings(schema);
  if (unicode) found.unicode = unicode;
  return found;
}
