import { LruMap } from 'toad-cache';

export interface SourceBanSettings {
  /** Refusals from one source within `windowMs` that ban it; 0 turns bans off. */
  refusalsBeforeBan: number;
  windowMs: number;
  /** The first ban's length; each next one doubles, up to `maxBanMs`. */
  firstBanMs: number;
  maxBanMs: number;
  /** Sources remembered at once; the least recently seen is forgotten first. */
  maxSources: number;
}

export const defaultSourceBanSettings: SourceBanSettings = {
  refusalsBeforeBan: 20,
  windowMs: 10_000,
  firstBanMs: 10_000,
  maxBanMs: 10 * 60_000,
  maxSources: 50_000,
};

interface SourceRecord {
  windowStartedAt: number;
  refusals: number;
  bannedUntil: number;
  /** The length of the last ban, so the next one doubles it. */
  lastBanMs: number;
}

/**
 * Which client addresses are banned for having been refused too often. A ban grows while its
 * source keeps coming back refused, and is forgotten once the source stays quiet for as long as
 * the longest ban. Memory is bounded: at most `maxSources` records live at once.
 */
export function createSourceBanList(settings: SourceBanSettings, now: () => number = Date.now) {
  const sources = new LruMap<SourceRecord>(settings.maxSources);

  return {
    /** How long the source stays banned, in ms; 0 when it is not. */
    bannedForMs(source: string): number {
      const record = sources.get(source);
      return record ? Math.max(0, record.bannedUntil - now()) : 0;
    },

    /** Counts a refusal of `source`; `weight` counts a costly one as several. */
    refused(source: string, weight = 1): void {
      if (settings.refusalsBeforeBan === 0) return;
      const at = now();
      let record = sources.get(source);
      if (!record) {
        record = { windowStartedAt: at, refusals: 0, bannedUntil: 0, lastBanMs: 0 };
        sources.set(source, record);
      }
      if (record.lastBanMs > 0 && at - record.bannedUntil > settings.maxBanMs) record.lastBanMs = 0;
      if (at - record.windowStartedAt > settings.windowMs) {
        record.windowStartedAt = at;
        record.refusals = 0;
      }
      record.refusals += weight;
      if (record.refusals < settings.refusalsBeforeBan) return;
      record.lastBanMs = record.lastBanMs ? Math.min(record.lastBanMs * 2, settings.maxBanMs) : settings.firstBanMs;
      record.bannedUntil = at + record.lastBanMs;
      record.windowStartedAt = record.bannedUntil;
      record.refusals = 0;
    },
  };
}

export type SourceBanList = ReturnType<typeof createSourceBanList>;
