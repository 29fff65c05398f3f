import type { LedgerCommits } from './ledger-commits.js';

export function createApplyAction(commits: LedgerCommits) {
  return async function applyActionActivity(input: { actionId: string }) {
    return commits.apply(input.actionId);
  };
}
