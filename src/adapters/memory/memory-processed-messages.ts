import type { MessageId } from '../../domain/model/values/message-id.js';
import type { TenantId } from '../../domain/model/values/tenant-id.js';
import type { ProcessedMessages } from '../../ports/outbound/processed-messages.js';

/** The messages applied in this process, per tenant; the memory repository records each with its change. */
export class MemoryProcessedMessages implements ProcessedMessages {
  private readonly applied = new Map<string, Set<MessageId>>();

  async wasApplied(tenantId: TenantId, messageId: MessageId): Promise<boolean> {
    return this.has(tenantId, messageId);
  }

  /** Synchronous, for the repository's check inside its one synchronous save. */
  has(tenantId: string, messageId: MessageId): boolean {
    return this.applied.get(tenantId)?.has(messageId) ?? false;
  }

  /** Synchronous, so that the message is stored in the same step as the change it applied. */
  record(tenantId: string, messageId: MessageId): void {
    const messages = this.applied.get(tenantId) ?? new Set<MessageId>();
    messages.add(messageId);
    this.applied.set(tenantId, messages);
  }
}
