import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';

// Frozen in time: this file never imports application code. Sealing is the secret box's v1
// format (AES-256-GCM under the master key) and the hint rule is the endpoint view's, both copied.

function seal(keyHex: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join(':');
}

function open(keyHex: string, sealed: string): string {
  const [, iv = '', authTag = '', ciphertext = ''] = sealed.split(':');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

const hint = (value: string) => (value.length >= 12 ? `…${value.slice(-4)}` : '…');

function requireKey(masterKeyHex: string | undefined, rows: number): string {
  if (!masterKeyHex) throw new Error(`MASTER_KEY is needed to migrate the custom headers of ${rows} webhook endpoints`);
  return masterKeyHex;
}

/**
 * Custom webhook headers often carry credentials: they become write-only secrets, sealed like the
 * signing secret, with a hint per header (name and last characters) for what partners are shown.
 * Existing headers are sealed here, and the copies kept in recorded attempts are cut to hints.
 */
export function sealedWebhookHeaders(masterKeyHex: string | undefined): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('webhook_endpoints')
        .addColumn('headers_sealed', 'text')
        .addColumn('header_hints', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
        .execute();
      const rows = (await db
        .selectFrom('webhook_endpoints')
        .select(['id', 'headers'])
        .where(sql<boolean>`headers <> '{}'::jsonb`)
        .execute()) as Array<{ id: string; headers: Record<string, string> }>;
      if (rows.length > 0) {
        const key = requireKey(masterKeyHex, rows.length);
        for (const row of rows) {
          const hints = Object.fromEntries(Object.entries(row.headers).map(([name, value]) => [name, hint(value)]));
          await db
            .updateTable('webhook_endpoints')
            .set({ headers_sealed: seal(key, JSON.stringify(row.headers)), header_hints: JSON.stringify(hints) })
            .where('id', '=', row.id)
            .execute();
          for (const [name, shown] of Object.entries(hints)) {
            await sql`
              update webhook_attempts a set request_headers = jsonb_set(a.request_headers, array[${name}], to_jsonb(${shown}::text))
              from webhook_deliveries d
              where a.delivery_id = d.id and d.endpoint_id = ${row.id} and a.request_headers ? ${name}`.execute(db);
          }
        }
      }
      await db.schema.alterTable('webhook_endpoints').dropColumn('headers').execute();
    },

    async down(db: Kysely<any>) {
      await db.schema
        .alterTable('webhook_endpoints')
        .addColumn('headers', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
        .execute();
      const rows = (await db
        .selectFrom('webhook_endpoints')
        .select(['id', 'headers_sealed'])
        .where('headers_sealed', 'is not', null)
        .execute()) as Array<{ id: string; headers_sealed: string }>;
      if (rows.length > 0) {
        const key = requireKey(masterKeyHex, rows.length);
        for (const row of rows) {
          await db
            .updateTable('webhook_endpoints')
            .set({ headers: open(key, row.headers_sealed) })
            .where('id', '=', row.id)
            .execute();
        }
      }
      await db.schema.alterTable('webhook_endpoints').dropColumn('headers_sealed').dropColumn('header_hints').execute();
    },
  };
}
