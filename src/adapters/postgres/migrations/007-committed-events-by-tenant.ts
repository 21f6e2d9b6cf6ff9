import type { Knex } from 'knex';

// Live views on every instance hear of each committed change (SPEC §10, docs/adr/0022): after a commit, the instance
// that made it sends NOTIFY with the tenant and the event ids (never the events: a payload is limited to 8000 bytes,
// and any login that may connect may LISTEN), and each instance reads the events back through this function, bound
// like the statements of migration 006 to orders_service and that one tenant, so the policies of migration 005 decide
// what a listener sees, as they do for a request. The relay's role would not do: it may read an event only while a
// delivery still owes it, and a relay may deliver before a listener reads.
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
  await knex.raw(COMMITTED);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    REVOKE SELECT (event_id, tenant_id, type, occurred_at, payload) ON order_events FROM orders_service;
    DROP FUNCTION order_events_committed(text, uuid[]);
  `);
}
