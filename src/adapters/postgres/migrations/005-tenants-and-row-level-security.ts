import type { Knex } from 'knex';

// Tenants (SPEC §9), enforced by PostgreSQL as a second wall behind the core.
//
// Rows written before this migration belong to the tenant `default`: every order, its lines, its events (whose
// payloads gain "tenantId": "default") and their deliveries. Idempotency keys written before it are deleted: a key is
// now scoped to (tenant, subject), and an earlier key has no subject to give it, so a repeat of a request made before
// the upgrade is treated as new, as one made after the 24 hours of retention is.
//
// Two roles bind the policies. Roles belong to the whole cluster, so they are created only if absent (tolerating a
// concurrent migration of another database that creates them first), and granted to the migrating login so that it
// may switch to them. Neither owns a table, logs in, or bypasses row-level security:
// - orders_service runs every request. It sees and writes the rows of the one tenant its transaction names in
//   `app.tenant_id`, and with none named sees nothing.
// - orders_relay delivers every tenant's events and keeps house: it reads the deliveries, and an event only while a
//   delivery still owes it, records outcomes, and deletes expired idempotency keys. It cannot read `orders`.

const TABLES = ['orders', 'order_lines', 'order_events', 'event_deliveries', 'idempotency_keys'] as const;

// The tenant format of SPEC §9. It also keeps '' out: a session that once set app.tenant_id reads '' after its
// transaction ends, and no row may match that.
const TENANT_ID = `varchar(64) NOT NULL CHECK (tenant_id ~ '^[a-z0-9-]{1,64}$')`;

const ROLES = `
  DO $$
  DECLARE
    -- From PostgreSQL 16 a membership may withhold SET ROLE, as the one a role's creator gets by itself does.
    may_switch text := CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END;
  BEGIN
    BEGIN
      CREATE ROLE orders_service NOLOGIN NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    BEGIN
      CREATE ROLE orders_relay NOLOGIN NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    -- Roles made beforehand by an operator are used as they are, unless they would void the policies.
    IF EXISTS (SELECT 1 FROM pg_roles
               WHERE rolname IN ('orders_service', 'orders_relay') AND (rolsuper OR rolbypassrls)) THEN
      RAISE EXCEPTION 'orders_service and orders_relay must be neither superusers nor BYPASSRLS';
    END IF;
    IF NOT pg_has_role(current_user, 'orders_service', may_switch) THEN
      BEGIN
        GRANT orders_service TO CURRENT_USER;
      EXCEPTION WHEN unique_violation THEN NULL;
      END;
    END IF;
    IF NOT pg_has_role(current_user, 'orders_relay', may_switch) THEN
      BEGIN
        GRANT orders_relay TO CURRENT_USER;
      EXCEPTION WHEN unique_violation THEN NULL;
      END;
    END IF;
  END
  $$;`;

const SERVICE_POLICIES = TABLES.map(
  (table) => `
  CREATE POLICY tenant_isolation ON ${table} TO orders_service
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));`,
).join('');

// Delivery rows hold no customer data (and the relay may not read their error text), so it sees them all: the
// update that marks one delivered must still see the row it leaves. An event's payload it sees only while some
// delivery still owes that event.
const RELAY_POLICIES = `
  CREATE POLICY relay_reads ON event_deliveries FOR SELECT TO orders_relay USING (true);
  CREATE POLICY relay_records_outcomes ON event_deliveries FOR UPDATE TO orders_relay USING (true) WITH CHECK (true);
  CREATE POLICY relay_reads_owed ON order_events FOR SELECT TO orders_relay
    USING (EXISTS (SELECT 1 FROM event_deliveries d
                   WHERE d.event_id = order_events.event_id AND d.status <> 'delivered'));
  -- A DELETE with a WHERE reads the rows it judges, so the purge needs both.
  CREATE POLICY relay_purges ON idempotency_keys FOR SELECT TO orders_relay USING (true);
  CREATE POLICY relay_purges_delete ON idempotency_keys FOR DELETE TO orders_relay USING (true);`;

// Only what each role's statements touch: the service never deletes, and changes an order's state but not its
// tenant, customer or lines; the relay reads no customer data beyond the payloads it delivers.
const GRANTS = `
  GRANT SELECT, INSERT, UPDATE (status, cancellation_reason, version, updated_at) ON orders TO orders_service;
  GRANT SELECT, INSERT ON order_lines TO orders_service;
  GRANT INSERT ON order_events, event_deliveries TO orders_service;
  GRANT SELECT, INSERT, UPDATE ON idempotency_keys TO orders_service;

  GRANT SELECT (event_id, notifier, status, attempts, next_attempt_at, order_id, order_version),
        UPDATE (status, attempts, next_attempt_at, last_error, delivered_at)
    ON event_deliveries TO orders_relay;
  GRANT SELECT (event_id, type, occurred_at, payload) ON order_events TO orders_relay;
  GRANT SELECT (created_at), DELETE ON idempotency_keys TO orders_relay;`;

// Existing rows take the default once; a row written later must name its tenant.
function toDefaultTenant(table: (typeof TABLES)[number]): string {
  return `
    ALTER TABLE ${table} ADD COLUMN tenant_id ${TENANT_ID} DEFAULT 'default';
    ALTER TABLE ${table} ALTER COLUMN tenant_id DROP DEFAULT;`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ${toDefaultTenant('orders')}
    ${toDefaultTenant('order_lines')}
    ${toDefaultTenant('order_events')}
    ${toDefaultTenant('event_deliveries')}
    UPDATE order_events SET payload = payload || jsonb_build_object('tenantId', tenant_id);
    DELETE FROM idempotency_keys;
    ALTER TABLE idempotency_keys
      ADD COLUMN tenant_id ${TENANT_ID},
      ADD COLUMN subject varchar(255) NOT NULL CHECK (char_length(subject) >= 1),
      DROP CONSTRAINT idempotency_keys_pkey,
      ADD PRIMARY KEY (tenant_id, subject, key);

    -- Every list is one tenant's: the keyset indexes lead with it.
    DROP INDEX orders_newest, orders_by_customer_newest, orders_by_status_newest;
    CREATE INDEX orders_newest ON orders (tenant_id, created_at DESC, id DESC);
    CREATE INDEX orders_by_customer_newest ON orders (tenant_id, customer_id, created_at DESC, id DESC);
    CREATE INDEX orders_by_status_newest ON orders (tenant_id, status, created_at DESC, id DESC);

    ${ROLES}
    ${TABLES.map((table) => `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;`).join('\n')}
    ${SERVICE_POLICIES}
    ${RELAY_POLICIES}
    ${GRANTS}
  `);
}

// The roles stay: other databases of the cluster may use them.
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ${TABLES.map((table) => `DROP POLICY tenant_isolation ON ${table};`).join('\n')}
    DROP POLICY relay_reads ON event_deliveries;
    DROP POLICY relay_records_outcomes ON event_deliveries;
    DROP POLICY relay_reads_owed ON order_events;
    DROP POLICY relay_purges ON idempotency_keys;
    DROP POLICY relay_purges_delete ON idempotency_keys;
    ${TABLES.map((table) => `ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;`).join('\n')}
    REVOKE ALL ON ${TABLES.join(', ')} FROM orders_service, orders_relay;

    DELETE FROM idempotency_keys;
    ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey, DROP COLUMN tenant_id, DROP COLUMN subject,
      ADD PRIMARY KEY (key);
    UPDATE order_events SET payload = payload - 'tenantId';
    ALTER TABLE orders DROP COLUMN tenant_id;
    ALTER TABLE order_lines DROP COLUMN tenant_id;
    ALTER TABLE order_events DROP COLUMN tenant_id;
    ALTER TABLE event_deliveries DROP COLUMN tenant_id;
    CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);
    CREATE INDEX orders_by_customer_newest ON orders (customer_id, created_at DESC, id DESC);
    CREATE INDEX orders_by_status_newest ON orders (status, created_at DESC, id DESC);
  `);
}
