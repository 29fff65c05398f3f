import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export interface ExplainedPlan {
  Plan: PlanNode;
  'Execution Time'?: number;
  'Planning Time'?: number;
}

export interface TableScan {
  table: string;
  node: string;
  index: string | null;
}

/** EXPLAIN of the exact statement the API runs, with its parameters bound. */
export async function explain(
  db: Kysely<Database>,
  statement: Compilable<unknown>,
  options: { analyze: boolean },
): Promise<ExplainedPlan> {
  const compiled = statement.compile();
  const prefix = options.analyze ? 'explain (analyze, buffers, format json) ' : 'explain (format json) ';
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': ExplainedPlan[] }>(
    CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]),
  );
  const plan = rows[0]?.['QUERY PLAN'][0];
  if (!plan) throw new Error('EXPLAIN returned no plan');
  return plan;
}

/** Every table the plan reads, and how: Seq Scan, Index Scan, Index Only Scan, Bitmap Heap Scan… */
export function tableScans(plan: ExplainedPlan): TableScan[] {
  const scans: TableScan[] = [];
  const bitmapIndexes: string[] = [];
  const visit = (node: PlanNode) => {
    if (node['Node Type'] === 'Bitmap Index Scan' && node['Index Name']) bitmapIndexes.push(node['Index Name']);
    node.Plans?.forEach(visit);
    if (node['Relation Name']) {
      const index =
        node['Index Name'] ?? (node['Node Type'] === 'Bitmap Heap Scan' ? (bitmapIndexes.pop() ?? null) : null);
      scans.push({ table: node['Relation Name'], node: node['Node Type'], index });
    }
  };
  visit(plan.Plan);
  return scans;
}

export const seqScansOn = (plan: ExplainedPlan, tables: string[]) =>
  tableScans(plan).filter((scan) => scan.node === 'Seq Scan' && tables.includes(scan.table));

export function buffers(plan: ExplainedPlan) {
  return { sharedHit: plan.Plan['Shared Hit Blocks'] ?? 0, sharedRead: plan.Plan['Shared Read Blocks'] ?? 0 };
}
