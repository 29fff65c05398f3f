import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
const timestamp = sql`timestamptz(3)`;

/** A few real-world nonprofits so the widget and redemptions have somewhere to send gifts. */
const seededOrganizations = [
  {
    slug: 'american-red-cross',
    name: 'American Red Cross',
    ein: '53-0196605',
    category: 'Disaster Relief',
    website_url: 'https://www.redcross.org',
    description: 'Prevents and alleviates human suffering in the face of emergencies.',
  },
  {
    slug: 'feeding-america',
    name: 'Feeding America',
    ein: '36-3673599',
    category: 'Hunger',
    website_url: 'https://www.feedingamerica.org',
    description: 'A nationwide network of food banks fighting hunger.',
  },
  {
    slug: 'doctors-without-borders',
    name: 'Doctors Without Borders USA',
    ein: '13-3433452',
    category: 'Health',
    website_url: 'https://www.doctorswithoutborders.org',
    description: 'Medical humanitarian care where it is needed most.',
  },
  {
    slug: 'habitat-for-humanity',
    name: 'Habitat for Humanity International',
    ein: '91-1914868',
    category: 'Housing',
    website_url: 'https://www.habitat.org',
    description: 'Builds and improves homes with families in need.',
  },
  {
    slug: 'world-wildlife-fund',
    name: 'World Wildlife Fund',
    ein: '52-1693387',
    category: 'Environment',
    website_url: 'https://www.worldwildlife.org',
    description: 'Conserves nature and reduces threats to the diversity of life.',
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('slug', 'text', (col) => col.notNull().unique().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('ein', 'text')
    .addColumn('category', 'text')
    .addColumn('description', 'text')
    .addColumn('website_url', 'text')
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db
    .insertInto('organizations')
    .values(
      seededOrganizations.map((organization) => ({
        id: `org_${organization.slug.replaceAll('-', '_')}`,
        ...organization,
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organizations').execute();
}
