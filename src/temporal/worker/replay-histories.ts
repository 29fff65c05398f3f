import type { Client } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workflowsPath } from './create-worker.js';

type History = ReturnType<typeof historyFromJSON>;

export interface RecordedHistory {
  workflowId: string;
  history: History;
}

export interface ReplayVerdict {
  workflowId: string;
  deterministic: boolean;
  error?: string;
}

/** Histories exported as JSON (Temporal UI "Download", `temporal workflow show -o json`, or ours), one file each. */
export async function loadHistoryFolder(folder: string): Promise<RecordedHistory[]> {
  const files = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (name) => ({
      workflowId: name.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(await readFile(join(folder, name), 'utf8'))),
    })),
  );
}

export async function fetchHistories(client: Client, workflowIds: string[]): Promise<RecordedHistory[]> {
  return Promise.all(
    workflowIds.map(async (workflowId) => ({
      workflowId,
      history: await client.workflow.getHandle(workflowId).fetchHistory(),
    })),
  );
}

/** Replays each history against the current workflow code; a changed command sequence is reported, not thrown. */
export async function replayHistories(
  histories: RecordedHistory[],
  options: ReplayWorkerOptions = { workflowsPath },
): Promise<ReplayVerdict[]> {
  const verdicts: ReplayVerdict[] = [];
  for await (const result of Worker.runReplayHistories(options, histories)) {
    verdicts.push({
      workflowId: result.workflowId,
      deterministic: result.error === undefined,
      ...(result.error && { error: `${result.error.name}: ${result.error.message}` }),
    });
  }
  return verdicts;
}
