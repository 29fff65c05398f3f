import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

/** Written by every authenticated request, refused or not: usage counters and last-used stamps. */
const bookkeepingTables = new Set(['api_usage_minutes']);
const bookkeepingColumns = ['last_used_at'];

/** A checksum of every row of every application table, so a test can tell that a request changed nothing. */
export async function tableChecksums(db: Kysely<Database>): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(db);
  const checksums: Record<string, string> = {};
  for (const { name } of tables.rows.filter((table) => !bookkeepingTables.has(table.name))) {
    const dropped = bookkeepingColumns.map((column) => sql`- ${sql.lit(column)}`);
    const row = await sql<{ checksum: string }>`
      select count(*) || ':' || coalesce(md5(string_agg(r.j::text, ',' order by r.j::text)), '') as checksum
      from (select to_jsonb(t) ${sql.join(dropped, sql` `)} as j from ${sql.table(name)} t) r`.execute(db);
    checksums[name] = row.rows[0]!.checksum;
  }
  return checksums;
}
