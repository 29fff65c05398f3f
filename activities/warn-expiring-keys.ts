import { warnExpiringKeys } from '../src/keys/warn-expiring-keys.js';
import type { ActivityDependencies } from './dependencies.js';

export interface WarnExpiringKeysInput {
  /** Keys expiring within this many days are warned. */
  warningDays: number;
}

export interface WarnExpiringKeysResult {
  warned: number;
}

/** Writes api_key.expiring for keys nearing expiry; a retry after commit finds them marked and writes nothing. */
export function createWarnExpiringKeys({ db, now }: ActivityDependencies) {
  return async function warnExpiringKeysActivity({ warningDays }: WarnExpiringKeysInput): Promise<WarnExpiringKeysResult> {
    return { warned: await warnExpiringKeys(db, now(), warningDays) };
  };
}
