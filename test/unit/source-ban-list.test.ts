import { describe, expect, it } from 'vitest';
import { createSourceBanList, type SourceBanSettings } from '../../src/security/source-ban-list.js';

const settings: SourceBanSettings = {
  refusalsBeforeBan: 3,
  windowMs: 1000,
  firstBanMs: 10_000,
  maxBanMs: 40_000,
  maxSources: 2,
};

function listAt(overrides: Partial<SourceBanSettings> = {}) {
  const clock = { now: 0 };
  return { clock, bans: createSourceBanList({ ...settings, ...overrides }, () => clock.now) };
}

function refuse(bans: ReturnType<typeof listAt>['bans'], source: string, times: number) {
  for (let i = 0; i < times; i++) bans.refused(source);
}

describe('source ban list', () => {
  it('bans a source once its refusals within the window reach the limit, and no other source', () => {
    const { bans } = listAt();
    refuse(bans, 'a', 2);
    expect(bans.bannedForMs('a')).toBe(0);
    bans.refused('a');
    expect(bans.bannedForMs('a')).toBe(10_000);
    expect(bans.bannedForMs('b')).toBe(0);
  });

  it('forgets refusals older than the window', () => {
    const { bans, clock } = listAt();
    refuse(bans, 'a', 2);
    clock.now = 1001;
    bans.refused('a');
    expect(bans.bannedForMs('a')).toBe(0);
  });

  it('counts a weighted refusal as several', () => {
    const { bans } = listAt();
    bans.refused('a', 3);
    expect(bans.bannedForMs('a')).toBe(10_000);
  });

  it('doubles each next ban up to the longest, and starts over after a quiet spell that long', () => {
    const { bans, clock } = listAt();
    const lengths: number[] = [];
    for (let i = 0; i < 4; i++) {
      refuse(bans, 'a', 3);
      lengths.push(bans.bannedForMs('a'));
      clock.now += bans.bannedForMs('a');
    }
    expect(lengths).toEqual([10_000, 20_000, 40_000, 40_000]);
    clock.now += 40_001;
    refuse(bans, 'a', 3);
    expect(bans.bannedForMs('a')).toBe(10_000);
  });

  it('remembers at most maxSources sources, forgetting the least recently seen', () => {
    const { bans } = listAt();
    refuse(bans, 'a', 3);
    refuse(bans, 'b', 1);
    refuse(bans, 'c', 1);
    expect(bans.bannedForMs('a')).toBe(0);
  });

  it('bans nobody when the limit is 0', () => {
    const { bans } = listAt({ refusalsBeforeBan: 0 });
    refuse(bans, 'a', 100);
    expect(bans.bannedForMs('a')).toBe(0);
  });
});
