import type { Knex } from 'knex';

// Each event keeps the W3C trace context (`traceparent`) of the request that saved it, so that its delivery, later
// and in a context of its own, can name that request (SPEC §10). Null for an event saved with tracing off, and for
// every event written before this migration.
//
// orders_place and orders_change of migration 006 gain a last parameter, the save's trace context, which all its
// events share. Its default keeps a call without it valid, so an instance not yet upgraded still saves while another
// runs the new code. A function is identified by its parameters: the old ones are dropped, not left as overloads.

const AS_TENANT = `PERFORM set_config('role', 'orders_service', true), set_config('app.tenant_id', p_tenant, true);`;

/** The events and their deliveries, with or without the trace context column. */
function appendEvents(traced: boolean): string {
  const [column, value] = traced ? [', trace_parent', ', p_trace_parent'] : ['', ''];
  return `
    INSERT INTO order_events (event_id, tenant_id, order_id, order_version, type, occurred_at, payload${column})
      SELECT event_id, tenant_id, order_id, order_version, type, occurred_at, payload${value}
      FROM jsonb_populate_recordset(NULL::order_events, p_events);
    INSERT INTO event_deliveries (event_id, tenant_id, notifier, order_id, order_version, next_attempt_at)
      SELECT e.event_id, e.tenant_id, n.notifier, e.order_id, e.order_version, e.occurred_at
      FROM jsonb_populate_recordset(NULL::order_events, p_events) e CROSS JOIN unnest(p_notifiers) AS n (notifier);`;
}

const TRACE_PARAMETER = ', p_trace_parent text DEFAULT NULL';

/** orders_place as migration 006 wrote it, or with the trace context. */
function place(traced: boolean): string {
  return `
  CREATE FUNCTION orders_place(p_tenant text, p_order jsonb, p_lines jsonb, p_events jsonb, p_notifiers text[]${traced ? TRACE_PARAMETER : ''})
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
    ${appendEvents(traced)}
    RETURN 'saved';
  END
  $$;`;
}

/** orders_change as migration 006 wrote it, or with the trace context. */
function change(traced: boolean): string {
  return `
  CREATE FUNCTION orders_change(p_tenant text, p_order jsonb, p_expected_version integer, p_events jsonb,
                                p_notifiers text[]${traced ? TRACE_PARAMETER : ''}) RETURNS text
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
    ${appendEvents(traced)}
    RETURN 'saved';
  END
  $$;`;
}

const UNTRACED = [
  'orders_place(text, jsonb, jsonb, jsonb, text[])',
  'orders_change(text, jsonb, integer, jsonb, text[])',
];
const TRACED = [
  'orders_place(text, jsonb, jsonb, jsonb, text[], text)',
  'orders_change(text, jsonb, integer, jsonb, text[], text)',
];

/** Only the service calls them, as migration 006's. */
function grants(signatures: readonly string[]): string {
  return signatures
    .map(
      (signature) => `
  REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${signature} TO orders_service;`,
    )
    .join('');
}

const drop = (signatures: readonly string[]): string =>
  signatures.map((signature) => `DROP FUNCTION ${signature};`).join('\n');

// The relay reads the column to hand each event out with its context; the service writes it with the event.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE order_events ADD COLUMN trace_parent text;
    GRANT SELECT (trace_parent) ON order_events TO orders_relay;
    ${drop(UNTRACED)}
    ${place(true)} ${change(true)} ${grants(TRACED)}
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ${drop(TRACED)}
    ${place(false)} ${change(false)} ${grants(UNTRACED)}
    REVOKE SELECT (trace_parent) ON order_events FROM orders_relay;
    ALTER TABLE order_events DROP COLUMN trace_parent;
  `);
}
