import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.js';
import { decodeCursor, encodeCursor, toPage } from '../../src/pagination.js';
import { applyMetadataPatch } from '../../src/users/metadata-patch.js';
import { slugify } from '../../src/partners/partner-slug.js';

describe('pagination', () => {
  it('round-trips a cursor', () => {
    const cursor = { createdAt: new Date('2026-11-22T10:00:00.123Z'), id: 'pusr_x' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuses a forged cursor with a validation error', () => {
    for (const bad of [
      '',
      'abc',
      Buffer.from('[1]').toString('base64url'),
      Buffer.from('["nope","x"]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(ApiError);
    }
  });

  it('uses the extra row only to say another page exists', () => {
    const rows = [3, 2, 1].map((n) => ({ id: `r${n}`, created_at: new Date(n * 1000) }));
    const page = toPage(rows, 2, (row) => row.id);
    expect(page.data).toEqual(['r3', 'r2']);
    expect(page.pagination.hasMore).toBe(true);
    expect(decodeCursor(page.pagination.nextCursor!)).toEqual({ id: 'r2', createdAt: new Date(2000) });
    expect(toPage(rows, 3, (row) => row.id).pagination).toEqual({ limit: 3, hasMore: false, nextCursor: null });
  });
});

describe('small pure helpers', () => {
  it('applies a metadata patch: null removes a key, anything else sets it, nested nulls stay', () => {
    expect(applyMetadataPatch({ a: 0, b: 1, e: 2 }, { a: 1, b: null, c: { d: null } })).toEqual({
      a: 1,
      c: { d: null },
      e: 2,
    });
  });

  it('makes URL-safe slugs', () => {
    expect(slugify('Café Ünïcode & Co.')).toBe('cafe-unicode-co');
    expect(slugify('!!!')).toBe('partner');
  });
});
