import type { Knex } from 'knex';
import type { MessageId } from '../../domain/model/values/message-id.js';
import type { TenantId } from '../../domain/model/values/tenant-id.js';
import type { ProcessedMessages } from '../../ports/outbound/processed-messages.js';
import { autocommit } from './postgres-transaction.js';

// Migration 009's function: bound to orders_service and the tenant, it sees that tenant's messages only.
const APPLIED = 'select processed_messages_applied(?, ?::uuid) as applied';

/** The messages PostgresOrderRepository recorded with their changes, read in one statement. */
export class PostgresProcessedMessages implements ProcessedMessages {
  constructor(private readonly db: Knex) {}

  async wasApplied(tenantId: TenantId, messageId: MessageId): Promise<boolean> {
    const { rows } = await autocommit('read', () =>
      this.db.raw<{ rows: { applied: boolean }[] }>(APPLIED, [tenantId, messageId]),
    );
    return rows[0]!.applied;
  }
}
