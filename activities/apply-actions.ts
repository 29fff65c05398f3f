import type { LedgerCommits } from './ledger-commits.js';

/** A bulk job's actions, applied together in one batch of their pool's group commit, one result per id in order. */
export function createApplyActions(commits: LedgerCommits) {
  return async function applyActionsActivity(input: { actionIds: string[] }) {
    return commits.applyAll(input.actionIds);
  };
}
