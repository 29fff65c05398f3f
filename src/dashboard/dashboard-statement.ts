import type { Compilable, Kysely, RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';

/** A dashboard query as SQL before it runs, so tests and the benchmark can EXPLAIN exactly what the API runs. */
export type Statement<Row> = Compilable<Row>;

export const rawStatement = <Row>(db: Kysely<Database>, query: RawBuilder<Row>): Statement<Row> => ({
  compile: () => query.compile(db),
});

export async function rowsOf<Row>(db: Kysely<Database>, statement: Statement<Row>): Promise<Row[]> {
  return (await db.executeQuery(statement.compile())).rows;
}
