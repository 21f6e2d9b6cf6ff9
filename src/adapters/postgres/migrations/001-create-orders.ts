import type { Knex } from 'knex';

// The rules of SPEC §3 that a row can check on its own are enforced here too, so no writer can bypass the core.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE orders (
      id                  uuid PRIMARY KEY,
      customer_id         varchar(64) NOT NULL CHECK (char_length(customer_id) BETWEEN 1 AND 64),
      customer_email      varchar(254) NOT NULL CHECK (customer_email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'),
      currency            char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      total               integer NOT NULL CHECK (total BETWEEN 1 AND 1000000000),
      status              text NOT NULL CHECK (status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled')),
      cancellation_reason varchar(500) CHECK (cancellation_reason IS NULL OR status = 'cancelled'),
      version             integer NOT NULL CHECK (version >= 1),
      created_at          timestamptz(3) NOT NULL,
      updated_at          timestamptz(3) NOT NULL CHECK (updated_at >= created_at)
    );

    CREATE TABLE order_lines (
      order_id   uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
      line_no    smallint NOT NULL CHECK (line_no BETWEEN 0 AND 99),
      sku        varchar(64) NOT NULL CHECK (sku ~ '^[A-Za-z0-9._-]{1,64}$'),
      quantity   integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
      unit_price integer NOT NULL CHECK (unit_price BETWEEN 0 AND 1000000000),
      PRIMARY KEY (order_id, line_no),
      CONSTRAINT order_lines_unique_sku UNIQUE (order_id, sku)
    );

    -- The outbox: each committed change's event, written in the change's transaction.
    CREATE TABLE order_events (
      event_id      uuid PRIMARY KEY,
      order_id      uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
      order_version integer NOT NULL CHECK (order_version >= 1),
      type          text NOT NULL CHECK (type IN ('OrderPlaced', 'OrderConfirmed', 'OrderShipped', 'OrderDelivered', 'OrderCancelled')),
      occurred_at   timestamptz(3) NOT NULL,
      payload       jsonb NOT NULL,
      CONSTRAINT order_events_one_per_version UNIQUE (order_id, order_version)
    );

    -- Keyset pages: newest first, ties by id, with and without each filter.
    CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);
    CREATE INDEX orders_by_customer_newest ON orders (customer_id, created_at DESC, id DESC);
    CREATE INDEX orders_by_status_newest ON orders (status, created_at DESC, id DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE order_events; DROP TABLE order_lines; DROP TABLE orders;');
}
