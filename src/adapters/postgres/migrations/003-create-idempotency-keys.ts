import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE idempotency_keys (
      key         varchar(255) PRIMARY KEY,
      fingerprint char(64) NOT NULL,
      order_id    uuid NOT NULL,
      response    jsonb,
      created_at  timestamptz(3) NOT NULL,
      claimed_at  timestamptz(3) NOT NULL
    );
    -- The purge of keys past their 24 hours.
    CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE idempotency_keys;');
}
