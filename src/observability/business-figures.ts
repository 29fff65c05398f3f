import { sql, type Kysely } from 'kysely';
import type { Database, DeliveryStatus, Environment, ProcessingStatus } from '../db/schema.js';

/** How far back the action and delivery counts look: a day keeps each scrape an index range scan. */
export const recentWindowHours = 24;

export interface StatusCount<S extends string> {
  environment: Environment;
  status: S;
  count: number;
}

export interface PoolBalance {
  poolId: string;
  environment: Environment;
  balance: number;
}

/** Figures /metrics computes at scrape time, each one query on an index. */
export interface BusinessFigures {
  recentActions(): Promise<StatusCount<ProcessingStatus>[]>;
  recentDeliveries(): Promise<StatusCount<DeliveryStatus>[]>;
  poolBalances(): Promise<PoolBalance[]>;
}

const since = sql<Date>`now() - make_interval(hours => ${recentWindowHours})`;

export function createBusinessFigures(db: Kysely<Database>): BusinessFigures {
  return {
    async recentActions() {
      const rows = await db
        .selectFrom('actions')
        .select(['environment', 'status', (eb) => eb.fn.countAll<string>().as('count')])
        .where('created_at', '>', since)
        .groupBy(['environment', 'status'])
        .execute();
      return rows.map((row) => ({ ...row, count: Number(row.count) }));
    },
    async recentDeliveries() {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .select(['environment', 'status', (eb) => eb.fn.countAll<string>().as('count')])
        .where('created_at', '>', since)
        .groupBy(['environment', 'status'])
        .execute();
      return rows.map((row) => ({ ...row, count: Number(row.count) }));
    },
    async poolBalances() {
      const rows = await db
        .selectFrom('token_pools as p')
        .innerJoin('ledger_accounts as a', (join) => join.onRef('a.owner_id', '=', 'p.id').on('a.kind', '=', 'pool'))
        .select(['p.id as poolId', 'p.environment', 'a.balance'])
        .where('p.status', '=', 'ACTIVE')
        .execute();
      return rows.map((row) => ({ ...row, balance: Number(row.balance) }));
    },
  };
}
