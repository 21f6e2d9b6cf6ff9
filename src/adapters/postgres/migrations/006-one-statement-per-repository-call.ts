import type { Knex } from 'knex';

// Each call of the order repository becomes one statement, so one round trip, instead of a transaction of four to
// seven (docs/adr/0021). Sent alone, outside any transaction, a statement is its own transaction: the function's
// writes commit or roll back together, and the role and tenant it sets (locally) end with it.
//
// The functions are SECURITY INVOKER: they reach nothing their caller could not. Their first step binds the caller
// to orders_service and the tenant, as a transaction of the service does, so the policies of migration 005 apply to
// every statement that follows, and `tenant` is the only tenant they can see or write.

// The tenant binding of migration 005's policies, also what `inTenant` sends for the transactions that remain.
const AS_TENANT = `PERFORM set_config('role', 'orders_service', true), set_config('app.tenant_id', p_tenant, true);`;

// An order as read, its lines aggregated in line order: the one place the read shape is written. security_invoker
// makes its reader's role, and so the policies, apply to the tables below.
const ORDERS_READ = `
  CREATE VIEW orders_read WITH (security_invoker = true) AS
    SELECT o.id, o.tenant_id, o.customer_id, o.customer_email, o.currency, o.total, o.status, o.cancellation_reason,
           o.version, o.created_at, o.updated_at,
           (SELECT coalesce(json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity, 'unitPrice', l.unit_price)
                                     ORDER BY l.line_no), '[]')
            FROM order_lines l WHERE l.order_id = o.id AND l.tenant_id = o.tenant_id) AS items
    FROM orders o;
  GRANT SELECT ON orders_read TO orders_service;`;

const FIND = `
  CREATE FUNCTION orders_find(p_tenant text, p_id uuid) RETURNS SETOF orders_read
  LANGUAGE plpgsql SECURITY INVOKER AS $$
  BEGIN
    ${AS_TENANT}
    RETURN QUERY SELECT * FROM orders_read WHERE tenant_id = p_tenant AND id = p_id;
  END
  $$;`;

// One statement per combination of filters, each a fixed fragment with its values bound ($1 to $6), so that the
// planner sees each filter and walks the (tenant, [customer | status,] created_at DESC, id DESC) index it fits,
// without a sort; a generic plan for "any filter or none" would not.
const LIST = `
  CREATE FUNCTION orders_list(p_tenant text, p_customer text, p_status text, p_after_created_at timestamptz,
                              p_after_id uuid, p_limit bigint) RETURNS SETOF orders_read
  LANGUAGE plpgsql SECURITY INVOKER AS $$
  BEGIN
    ${AS_TENANT}
    RETURN QUERY EXECUTE 'SELECT * FROM orders_read WHERE tenant_id = $1'
      || CASE WHEN p_customer IS NULL THEN '' ELSE ' AND customer_id = $2' END
      || CASE WHEN p_status IS NULL THEN '' ELSE ' AND status = $3' END
      || CASE WHEN p_after_id IS NULL THEN '' ELSE ' AND (created_at, id) < ($4, $5)' END
      || ' ORDER BY created_at DESC, id DESC LIMIT $6'
      USING p_tenant, p_customer, p_status, p_after_created_at, p_after_id, p_limit;
  END
  $$;`;

// The change's events and a delivery per (event, notifier), due when the event happened (by the clock that also
// schedules its retries, not the database's). Read twice from the argument: orders_service may not read events back.
const APPEND_EVENTS = `
    INSERT INTO order_events (event_id, tenant_id, order_id, order_version, type, occurred_at, payload)
      SELECT event_id, tenant_id, order_id, order_version, type, occurred_at, payload
      FROM jsonb_populate_recordset(NULL::order_events, p_events);
    INSERT INTO event_deliveries (event_id, tenant_id, notifier, order_id, order_version, next_attempt_at)
      SELECT e.event_id, e.tenant_id, n.notifier, e.order_id, e.order_version, e.occurred_at
      FROM jsonb_populate_recordset(NULL::order_events, p_events) e CROSS JOIN unnest(p_notifiers) AS n (notifier);`;

// 'stale' when the id is taken (by this tenant or another): nothing is written.
const PLACE = `
  CREATE FUNCTION orders_place(p_tenant text, p_order jsonb, p_lines jsonb, p_events jsonb, p_notifiers text[])
    RETURNS text
  LANGUAGE plpgsql SECURITY INVOKER AS $$
  BEGIN
    ${AS_TENANT}
    INSERT INTO orders (id, tenant_id, customer_id, customer_email, currency, total, status, cancellation_reason,
                        version, created_at, updated_at)
      SELECT id, tenant_id, customer_id, customer_email, currency, total, status, cancellation_reason,
             version, created_at, updated_at
      FROM jsonb_populate_record(NULL::orders, p_order)
      ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
      RETURN 'stale';
    END IF;
    INSERT INTO order_lines (order_id, tenant_id, line_no, sku, quantity, unit_price)
      SELECT order_id, tenant_id, line_no, sku, quantity, unit_price
      FROM jsonb_populate_recordset(NULL::order_lines, p_lines);
    ${APPEND_EVENTS}
    RETURN 'saved';
  END
  $$;`;

// Lines never change after placement: a change moves status, reason, version and updatedAt, if the order is still
// at the version it was read at; otherwise 'stale', and nothing is written.
const CHANGE = `
  CREATE FUNCTION orders_change(p_tenant text, p_order jsonb, p_expected_version integer, p_events jsonb,
                                p_notifiers text[]) RETURNS text
  LANGUAGE plpgsql SECURITY INVOKER AS $$
  DECLARE
    changed orders := jsonb_populate_record(NULL::orders, p_order);
  BEGIN
    ${AS_TENANT}
    UPDATE orders SET status = changed.status, cancellation_reason = changed.cancellation_reason,
                      version = changed.version, updated_at = changed.updated_at
      WHERE id = changed.id AND tenant_id = changed.tenant_id AND version = p_expected_version;
    IF NOT FOUND THEN
      RETURN 'stale';
    END IF;
    ${APPEND_EVENTS}
    RETURN 'saved';
  END
  $$;`;

const FUNCTIONS = [
  'orders_find(text, uuid)',
  'orders_list(text, text, text, timestamptz, uuid, bigint)',
  'orders_place(text, jsonb, jsonb, jsonb, text[])',
  'orders_change(text, jsonb, integer, jsonb, text[])',
] as const;

// Only the service calls them; any other role would fail at the switch to orders_service anyway.
const GRANTS = FUNCTIONS.map(
  (signature) => `
  REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${signature} TO orders_service;`,
).join('');

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`${ORDERS_READ} ${FIND} ${LIST} ${PLACE} ${CHANGE} ${GRANTS}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ${FUNCTIONS.map((signature) => `DROP FUNCTION ${signature};`).join('\n')}
    DROP VIEW orders_read;
  `);
}
