import { randomInt } from 'node:crypto';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Random lowercase base36 string without modulo bias; 20 characters carry about 103 bits. */
export function randomToken(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export type IdPrefix =
  | 'ptn'
  | 'pusr'
  | 'key'
  | 'usr'
  | 'evt'
  | 'act'
  | 'rev'
  | 'bulk'
  | 'txn'
  | 'pool'
  | 'whk'
  | 'dlv'
  | 'cmp'
  | 'req'
  | 'tpr'
  | 'opr'
  | 'rdm'
  | 'don';

/** Public ids are prefixed by kind and unguessable. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomToken(20)}`;
}
