import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { dashboardStatements } from '../../src/dashboard/dashboard-statements.js';
import type { Database } from '../../src/db/schema.js';
import { busiestScope, seedDashboardData } from '../support/dashboard-seed.js';
import { buffers, explain, seqScansOn, tableScans } from '../support/query-plans.js';
import { startBenchDatabase } from './bench-database.js';

/**
 * `npm run bench:dashboard`: seeds a throwaway PostgreSQL with about a million actions, runs
 * every dashboard statement under EXPLAIN (ANALYZE, BUFFERS) for the busiest partner and prints
 * one JSON summary. BENCH_ACTIONS changes the size.
 */
const size = {
  partners: 20,
  users: 200_000,
  actions: Number(process.env.BENCH_ACTIONS ?? 1_000_000),
  days: 365,
  usageDays: 30,
};
const bigTables = [
  'actions',
  'ledger_transactions',
  'partner_users',
  'reversals',
  'api_usage_minutes',
  'webhook_deliveries',
  'events',
];
const round = (ms: number | undefined) => Math.round((ms ?? 0) * 100) / 100;

async function tableCounts(db: Kysely<Database>) {
  const counts: Record<string, number> = {};
  for (const table of bigTables) {
    const { rows } = await sql<{ count: number }>`select count(*) as count from ${sql.table(table)}`.execute(db);
    counts[table] = rows[0]?.count ?? 0;
  }
  return counts;
}

async function measure(db: Kysely<Database>) {
  const results: Record<string, unknown> = {};
  for (const [name, statement] of Object.entries(dashboardStatements(db, busiestScope, new Date()))) {
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await explain(db, statement, { analyze: true }));
    const warm = runs
      .slice(1)
      .map((run) => run['Execution Time'] ?? 0)
      .sort((a, b) => a - b);
    const last = runs[runs.length - 1]!;
    results[name] = {
      firstRunMs: round(runs[0]!['Execution Time']),
      medianMs: round(warm[1]),
      planningMs: round(last['Planning Time']),
      seqScanOnBigTables: seqScansOn(last, bigTables).length > 0,
      scans: tableScans(last)
        .filter((scan) => bigTables.includes(scan.table))
        .map((scan) => `${scan.node} on ${scan.table}${scan.index ? ` using ${scan.index}` : ''}`),
      buffers: buffers(last),
    };
  }
  return results;
}

async function main() {
  const { db, stop } = await startBenchDatabase('dashboard', 2);
  try {
    const started = performance.now();
    await seedDashboardData(db, size);
    const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
    const { rows } = await sql<{ total: number; last30: number }>`
      select count(*) as total, count(*) filter (where created_at >= now() - interval '30 days') as last30
      from actions where partner_id = ${busiestScope.partnerId} and environment = ${busiestScope.environment}`.execute(
      db,
    );
    const summary = {
      seeded: { ...size, seedSeconds, rows: await tableCounts(db) },
      measuredScope: { ...busiestScope, actions: rows[0]?.total, actionsLast30Days: rows[0]?.last30 },
      queries: await measure(db),
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await stop();
  }
}

await main();
