import type { Knex } from 'knex';

// The relay's claim asks, for each due delivery, whether an older version of the same order is still pending for
// the same notifier. Keeping the order and version on the delivery row answers that from one partial index,
// instead of joining every pending delivery to its event.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE event_deliveries ADD COLUMN order_id uuid, ADD COLUMN order_version integer;
    UPDATE event_deliveries d SET order_id = e.order_id, order_version = e.order_version
      FROM order_events e WHERE e.event_id = d.event_id;
    ALTER TABLE event_deliveries ALTER COLUMN order_id SET NOT NULL, ALTER COLUMN order_version SET NOT NULL;
    CREATE INDEX event_deliveries_pending_by_order ON event_deliveries (notifier, order_id, order_version)
      WHERE status = 'pending';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX event_deliveries_pending_by_order;
    ALTER TABLE event_deliveries DROP COLUMN order_id, DROP COLUMN order_version;
  `);
}
