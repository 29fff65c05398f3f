import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
const timestamp = sql`timestamptz(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  // A ping or test event goes to one endpoint only, not to every subscriber.
  await db.schema.alterTable('events').addColumn('target_endpoint_id', 'text').execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('event_types', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('receive_all_events', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('headers', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('secret_encrypted', 'text', (col) => col.notNull())
    .addColumn('previous_secret_encrypted', 'text')
    .addColumn('previous_secret_expires_at', timestamp)
    .addColumn('standard_webhooks', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('disabled_reason', 'text')
    .addColumn('disabled_at', timestamp)
    .addColumn('consecutive_failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', timestamp)
    .execute();
  await db.schema
    .createIndex('webhook_endpoints_partner_idx')
    .on('webhook_endpoints')
    .columns(['partner_id', 'environment', 'created_at', 'id'])
    .execute();

  // One row per (event, endpoint): the unique pair is what keeps an event from being sent twice.
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('endpoint_id', 'text', (col) => col.notNull().references('webhook_endpoints.id'))
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id'))
    .addColumn('partner_id', 'text', (col) => col.notNull())
    .addColumn('environment', 'text', (col) => col.notNull())
    .addColumn('event_type', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('PENDING', 'RETRYING', 'DELIVERED', 'FAILED', 'CANCELLED')`),
    )
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('attempt_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('manual_retries', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('workflow_id', 'text', (col) => col.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_response_status', 'integer')
    .addColumn('next_attempt_at', timestamp)
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', timestamp)
    .addUniqueConstraint('webhook_deliveries_pair_unique', ['endpoint_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_endpoint_idx')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_partner_idx')
    .on('webhook_deliveries')
    .columns(['partner_id', 'environment', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('delivery_id', 'text', (col) => col.notNull().references('webhook_deliveries.id'))
    .addColumn('attempt_number', 'integer', (col) => col.notNull())
    .addColumn('request_headers', 'jsonb', (col) => col.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('error', 'text')
    .addColumn('succeeded', 'boolean', (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('webhook_attempts_delivery_idx')
    .on('webhook_attempts')
    .columns(['delivery_id', 'attempt_number'])
    .execute();
  await db.schema.createIndex('webhook_attempts_created_idx').on('webhook_attempts').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_endpoints']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('events').dropColumn('target_endpoint_id').execute();
}
