import type { Knex } from 'knex';

// Delivery state per (event, notifier): one notifier's failure never repeats another's delivery.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE event_deliveries (
      event_id        uuid NOT NULL REFERENCES order_events (event_id) ON DELETE CASCADE,
      notifier        varchar(32) NOT NULL,
      status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
      attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
      last_error      varchar(500),
      delivered_at    timestamptz(3),
      PRIMARY KEY (event_id, notifier)
    );

    -- The relay's claim: due pending deliveries of one notifier, and the "older version still pending" probe.
    CREATE INDEX event_deliveries_pending ON event_deliveries (notifier, next_attempt_at) WHERE status = 'pending';
    CREATE INDEX event_deliveries_dead ON event_deliveries (notifier) WHERE status = 'dead';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE event_deliveries;');
}
