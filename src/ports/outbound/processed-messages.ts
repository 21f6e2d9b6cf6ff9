import type { MessageId } from '../../domain/model/values/message-id.js';
import type { TenantId } from '../../domain/model/values/tenant-id.js';
import { portKey } from '../port-key.js';

/**
 * The messages whose change is stored. The repository records a message with the change it applied, in the same
 * atomic step (`OrderChange.messageId`); this port answers whether one was.
 */
export interface ProcessedMessages {
  /** Whether a change applying this message of the tenant is stored. */
  wasApplied(tenantId: TenantId, messageId: MessageId): Promise<boolean>;
}

export const PROCESSED_MESSAGES = portKey<ProcessedMessages>('ProcessedMessages');
