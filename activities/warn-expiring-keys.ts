import { warnExpiringKeys, type WarnExpiringKeysInput, type WarnExpiringKeysResult } from '../src/keys/warn-expiring-keys.js';
import type { ActivityDependencies } from './dependencies.js';

/** Writes api_key.expiring for keys nearing expiry; a retry after commit finds them marked and writes nothing. */
export function createWarnExpiringKeys({ db, now }: ActivityDependencies) {
  return async function warnExpiringKeysActivity({ warningDays }: WarnExpiringKeysInput): Promise<WarnExpiringKeysResult> {
    return { warned: await warnExpiringKeys(db, now(), warningDays) };
  };
}
