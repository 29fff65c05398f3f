import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { loadHistoryFolder, replayHistories } from '../../src/temporal/worker/replay-histories.js';

const historiesDir = fileURLToPath(new URL('../histories', import.meta.url));

describe('recorded workflow histories replay against the current code', () => {
  it('keeps one recorded history per workflow family', async () => {
    const families = (await loadHistoryFolder(historiesDir)).map((h) => h.workflowId).sort();
    expect(families).toEqual(
      expect.arrayContaining([
        'bulkActions',
        'campaignLifecycle',
        'deliverEvent',
        'deliverWebhook',
        'poolAllocationRequest',
        'processAction',
        'redeemTokens',
        'reverseAction',
        'sweepEvents',
        'sweepExpiringKeys',
        'sweepStaleRequests',
      ]),
    );
  });

  it('replays every recorded history deterministically on the bundle `npm run build` writes (a non-deterministic change fails here)', async () => {
    const bundle = { code: await readFile(inject('workflowBundlePath'), 'utf8') };
    const verdicts = await replayHistories(await loadHistoryFolder(historiesDir), { workflowBundle: bundle });
    expect(verdicts.filter((v) => !v.deterministic)).toEqual([]);
    expect(verdicts.length).toBeGreaterThanOrEqual(6);
  });

  it('reports a changed command sequence as not deterministic', async () => {
    const histories = (await loadHistoryFolder(historiesDir)).filter((h) => h.workflowId === 'processAction');
    const verdicts = await replayHistories(histories, {
      workflowsPath: fileURLToPath(new URL('../fixtures/changed-workflows/index.ts', import.meta.url)),
    });
    expect(verdicts).toEqual([
      { workflowId: 'processAction', deterministic: false, error: expect.stringMatching(/Determinism|nondetermin/i) },
    ]);
  });
});
