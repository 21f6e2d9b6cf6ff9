import type { Knex } from 'knex';

// Live views on every instance hear of each committed change (SPEC §10): the statement that inserts a change's
// events notifies the channel `order_events`, and PostgreSQL delivers the notification to every listening session
// when, and only if, the transaction commits, in commit order. docs/adr/0022.
//
// A notification carries the tenant and the event ids, never the events: a payload is limited to 8000 bytes (an
// order of 100 lines exceeds it), and any login that may connect may LISTEN, while the events hold customers' data.
// A listener reads the events back through order_events_committed, bound to orders_service and that tenant, so the
// policies of migration 005 decide what it sees, as they do for a request.

// Ids per notification: 100 of 37 characters, with the tenant, stay far below the limit.
const IDS_PER_NOTIFICATION = 100;

// Statement-level, over the transition table: one notification per statement (per change), not one per row. A
// statement inserts the events of one order, in version order; a larger insert is split by tenant and size.
const ANNOUNCE = `
  CREATE FUNCTION order_events_announce() RETURNS trigger
  LANGUAGE plpgsql SECURITY INVOKER AS $$
  DECLARE
    message text;
  BEGIN
    FOR message IN
      SELECT tenant_id || ':' || string_agg(event_id::text, ',' ORDER BY position)
      FROM (SELECT tenant_id, event_id,
                   row_number() OVER (PARTITION BY tenant_id ORDER BY order_id, order_version) AS position
            FROM committed) numbered
      GROUP BY tenant_id, (position - 1) / ${IDS_PER_NOTIFICATION}
      ORDER BY tenant_id, min(position)
    LOOP
      PERFORM pg_notify('order_events', message);
    END LOOP;
    RETURN NULL;
  END
  $$;
  CREATE TRIGGER order_events_announce AFTER INSERT ON order_events
    REFERENCING NEW TABLE AS committed FOR EACH STATEMENT EXECUTE FUNCTION order_events_announce();`;

// The events of `p_ids` that belong to `p_tenant`, in the order asked. Bound like the statements of migration 006:
// orders_service, one tenant, for this statement only.
const COMMITTED = `
  CREATE FUNCTION order_events_committed(p_tenant text, p_ids uuid[])
    RETURNS TABLE (event_id uuid, type text, occurred_at timestamptz, payload jsonb)
  LANGUAGE plpgsql SECURITY INVOKER AS $$
  #variable_conflict use_column
  BEGIN
    PERFORM set_config('role', 'orders_service', true), set_config('app.tenant_id', p_tenant, true);
    RETURN QUERY
      SELECT e.event_id, e.type, e.occurred_at, e.payload
      FROM unnest(p_ids) WITH ORDINALITY AS wanted (id, position)
      JOIN order_events e ON e.event_id = wanted.id AND e.tenant_id = p_tenant
      ORDER BY wanted.position;
  END
  $$;
  REVOKE ALL ON FUNCTION order_events_committed(text, uuid[]) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION order_events_committed(text, uuid[]) TO orders_service;
  GRANT SELECT (event_id, tenant_id, type, occurred_at, payload) ON order_events TO orders_service;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`${ANNOUNCE} ${COMMITTED}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    REVOKE SELECT (event_id, tenant_id, type, occurred_at, payload) ON order_events FROM orders_service;
    DROP FUNCTION order_events_committed(text, uuid[]);
    DROP TRIGGER order_events_announce ON order_events;
    DROP FUNCTION order_events_announce();
  `);
}
