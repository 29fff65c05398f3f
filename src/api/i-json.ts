/**
 * I-JSON (RFC 7493) over a request body's text, in one pass with an explicit stack: no recursion,
 * so no nesting depth can overflow the call stack, and a refusal stops the scan where it is found.
 * The text is otherwise left to JSON.parse; this only refuses what JSON.parse would accept but
 * another parser of the same signed bytes could read differently.
 */
export type IJsonRule =
  | 'JSON_TOO_DEEP'
  | 'JSON_DUPLICATE_MEMBER'
  | 'JSON_INVALID_UNICODE'
  | 'JSON_NUMBER_NOT_REPRESENTABLE'
  | 'INVALID_JSON';

export interface IJsonRefusal {
  rule: IJsonRule;
  message: string;
}

interface Container {
  /** Member names seen so far; undefined for an array. */
  names: Set<string> | undefined;
  /** An object expects a name next (after `{` or `,`). */
  expectName: boolean;
  /** Nothing inside yet, so the container may close where a value is expected. */
  empty: boolean;
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- RFC 8259 strings may not hold raw control characters
const stringPattern = /"(?:[^"\\\u0000-\u001f]+|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const literalPattern = /true|false|null/y;
const whitespace = new Set([' ', '\t', '\n', '\r']);

// String.prototype.isWellFormed is ES2024; this is the same test: a surrogate not in a pair.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (value: string) => !loneSurrogate.test(value);

function refuse(rule: IJsonRule, message: string): IJsonRefusal {
  return { rule, message };
}

/** Why a string literal is not valid Unicode for every parser: NUL or a lone surrogate. */
function stringProblem(literal: string): string | undefined {
  if (!literal.includes('\\u')) return undefined;
  const value = JSON.parse(literal) as string;
  if (value.includes('\u0000')) return 'a string contains the NUL character (\\u0000), which no field accepts';
  if (!isWellFormed(value)) return 'a string contains a lone UTF-16 surrogate, which is not a Unicode character';
  return undefined;
}

function numberProblem(literal: string): string | undefined {
  const value = Number(literal);
  if (!Number.isFinite(value)) return `the number ${literal.slice(0, 40)} is beyond the range of a 64-bit float`;
  // Parsers disagree on -0 (some keep the sign, some drop it), and no field means anything by it.
  if (value === 0 && literal.startsWith('-')) return 'the number -0 is refused: write 0';
  if (value === 0 && /[1-9]/.test(literal.split(/[eE]/)[0] ?? ''))
    return `the number ${literal.slice(0, 40)} is too small to be represented and would read as 0`;
  if (Number.isInteger(value) && !Number.isSafeInteger(value))
    return `the number ${literal.slice(0, 40)} is beyond ±(2^53 − 1), where integers stay exact`;
  return undefined;
}

/** The first I-JSON rule the text breaks, or undefined when it is I-JSON (or leaves syntax errors to JSON.parse). */
export function iJsonRefusal(text: string, maxDepth: number): IJsonRefusal | undefined {
  if (text.charCodeAt(0) === 0xfeff)
    return refuse('INVALID_JSON', 'the body starts with a byte order mark, which JSON text must not carry');
  const stack: Container[] = [];
  let position = 0;
  let expectValue = true;
  const syntax = () => refuse('INVALID_JSON', 'request body is not valid JSON');

  while (position < text.length) {
    const char = text[position] as string;
    if (whitespace.has(char)) {
      position++;
      continue;
    }
    const top = stack.at(-1);
    if (top?.expectName) {
      if (char === '}' && top.empty) {
        stack.pop();
        position++;
        expectValue = false;
        continue;
      }
      stringPattern.lastIndex = position;
      const match = stringPattern.exec(text);
      if (!match) return syntax();
      const problem = stringProblem(match[0]);
      if (problem) return refuse('JSON_INVALID_UNICODE', problem);
      const name = JSON.parse(match[0]) as string;
      if (top.names!.has(name))
        return refuse('JSON_DUPLICATE_MEMBER', `the member name "${name.slice(0, 40)}" appears twice in one object`);
      top.names!.add(name);
      top.expectName = false;
      top.empty = false;
      position = stringPattern.lastIndex;
      while (whitespace.has(text[position] ?? '')) position++;
      if (text[position] !== ':') return syntax();
      position++;
      expectValue = true;
      continue;
    }
    if (expectValue) {
      if (char === ']' && top?.empty) {
        stack.pop();
        position++;
        expectValue = false;
        continue;
      }
      if (top) top.empty = false;
      if (char === '{' || char === '[') {
        if (stack.length >= maxDepth)
          return refuse('JSON_TOO_DEEP', `objects and arrays nest at most ${maxDepth} levels deep`);
        stack.push({ names: char === '{' ? new Set() : undefined, expectName: char === '{', empty: true });
        position++;
        continue;
      }
      const pattern =
        char === '"' ? stringPattern : char === '-' || (char >= '0' && char <= '9') ? numberPattern : literalPattern;
      pattern.lastIndex = position;
      const match = pattern.exec(text);
      if (!match) return syntax();
      const problem =
        char === '"' ? stringProblem(match[0]) : pattern === numberPattern ? numberProblem(match[0]) : undefined;
      if (problem) return refuse(char === '"' ? 'JSON_INVALID_UNICODE' : 'JSON_NUMBER_NOT_REPRESENTABLE', problem);
      position = pattern.lastIndex;
      expectValue = false;
      if (!top) break;
      continue;
    }
    // After a value: a separator or the end of its container.
    if (!top) return syntax();
    if (char === ',') {
      if (top.names) top.expectName = true;
      else expectValue = true;
      position++;
      continue;
    }
    if (char === (top.names ? '}' : ']')) {
      stack.pop();
      position++;
      if (stack.length === 0) break;
      continue;
    }
    return syntax();
  }
  while (whitespace.has(text[position] ?? '')) position++;
  if (stack.length > 0 || expectValue || position < text.length) return syntax();
  return undefined;
}
