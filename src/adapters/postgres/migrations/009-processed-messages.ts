import type { Knex } from 'knex';

// Commands consumed from Kafka are delivered at least once and applied once (SPEC §11): each change that applies a
// message records the message in the same statement, so a message is recorded if and only if its change is stored,
// and a message recorded already makes a later save of it 'stale', with nothing written.
//
// processed_messages belongs to one tenant per row, under the policy every table of migration 005 has: the same
// message id in another tenant is another message. The service reads and inserts its rows; nothing updates or deletes
// them, and the relay never touches them.
//
// orders_place_message and orders_change_message are the savers of migration 008 with the message as a last
// parameter. Like them they are SECURITY INVOKER and bind the statement to orders_service and its tenant first, then
// check the message, then call the saver, and record the message only when it saved. Two saves of one message that
// both pass the check (on two orders, at once) meet at the primary key: the later one waits for the first to commit,
// fails on the key, and its block rolls back, change and events with it, and answers 'stale' as the check would have.

const AS_TENANT = `PERFORM set_config('role', 'orders_service', true), set_config('app.tenant_id', p_tenant, true);`;

// The tenant format of migration 005.
const TENANT_ID = `varchar(64) NOT NULL CHECK (tenant_id ~ '^[a-z0-9-]{1,64}$')`;

// applied_at is the change's updatedAt: the service's clock, as the other times it writes.
const TABLE = `
  CREATE TABLE processed_messages (
    tenant_id  ${TENANT_ID},
    message_id uuid NOT NULL,
    order_id   uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    applied_at timestamptz(3) NOT NULL,
    PRIMARY KEY (tenant_id, message_id)
  );
  ALTER TABLE processed_messages ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant_isolation ON processed_messages TO orders_service
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
  GRANT SELECT, INSERT ON processed_messages TO orders_service;`;

/** A saver of migration 008, `name`, whose parameters between the tenant and the notifiers are `middle`. */
interface Saver {
  readonly name: 'orders_place' | 'orders_change';
  readonly middle: readonly (readonly [parameter: string, type: string])[];
}

const PLACE: Saver = {
  name: 'orders_place',
  middle: [
    ['p_order', 'jsonb'],
    ['p_lines', 'jsonb'],
    ['p_events', 'jsonb'],
  ],
};

const CHANGE: Saver = {
  name: 'orders_change',
  middle: [
    ['p_order', 'jsonb'],
    ['p_expected_version', 'integer'],
    ['p_events', 'jsonb'],
  ],
};

function signature({ name, middle }: Saver): string {
  return `${name}_message(text, ${middle.map(([, type]) => type).join(', ')}, text[], text, uuid)`;
}

/** `saver` with the message: checked first, recorded when the save is, and a clash on its key answered 'stale'. */
function withMessage(saver: Saver): string {
  const parameters = saver.middle.map(([parameter, type]) => `${parameter} ${type}`).join(', ');
  const passed = saver.middle.map(([parameter]) => parameter).join(', ');
  return `
  CREATE FUNCTION ${saver.name}_message(p_tenant text, ${parameters}, p_notifiers text[], p_trace_parent text,
                                        p_message uuid) RETURNS text
  LANGUAGE plpgsql SECURITY INVOKER AS $$
  DECLARE
    written orders := jsonb_populate_record(NULL::orders, p_order);
    violated text;
  BEGIN
    ${AS_TENANT}
    IF EXISTS (SELECT 1 FROM processed_messages WHERE tenant_id = p_tenant AND message_id = p_message) THEN
      RETURN 'stale';
    END IF;
    BEGIN
      IF ${saver.name}(p_tenant, ${passed}, p_notifiers, p_trace_parent) <> 'saved' THEN
        RETURN 'stale';
      END IF;
      INSERT INTO processed_messages (tenant_id, message_id, order_id, applied_at)
        VALUES (p_tenant, p_message, written.id, written.updated_at);
      RETURN 'saved';
    EXCEPTION WHEN unique_violation THEN
      -- Only the message's own key: any other clash is an error, as it is without a message.
      GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
      IF violated IS DISTINCT FROM 'processed_messages_pkey' THEN
        RAISE;
      END IF;
      RETURN 'stale';
    END;
  END
  $$;
  REVOKE ALL ON FUNCTION ${signature(saver)} FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION ${signature(saver)} TO orders_service;`;
}

// ProcessedMessages.wasApplied as one statement, bound like the others.
const APPLIED = `
  CREATE FUNCTION processed_messages_applied(p_tenant text, p_message uuid) RETURNS boolean
  LANGUAGE plpgsql SECURITY INVOKER AS $$
  BEGIN
    ${AS_TENANT}
    RETURN EXISTS (SELECT 1 FROM processed_messages WHERE tenant_id = p_tenant AND message_id = p_message);
  END
  $$;
  REVOKE ALL ON FUNCTION processed_messages_applied(text, uuid) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION processed_messages_applied(text, uuid) TO orders_service;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`${TABLE} ${withMessage(PLACE)} ${withMessage(CHANGE)} ${APPLIED}`);
}

// Dropping the table drops its policy and grants; the roles stay, as migration 005's down leaves them.
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION processed_messages_applied(text, uuid);
    DROP FUNCTION ${signature(CHANGE)};
    DROP FUNCTION ${signature(PLACE)};
    DROP TABLE processed_messages;
  `);
}
