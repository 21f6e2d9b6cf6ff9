import { MemoryOrderOutbox } from '../../src/adapters/memory/memory-order-outbox.js';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { OutboxQueues } from '../../src/adapters/memory/outbox-queues.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';

/** The notifier a MemoryStore's outbox owes every event to: the test, reading them back. */
const READER = 'test-reader';

/**
 * The memory repository wired to a memory outbox, as the application wires them, with one notifier: the test.
 * `committedEvents()` reads back, through the OrderOutbox port, what the saves put in the outbox.
 */
export class MemoryStore extends MemoryOrderRepository {
  private readonly outboxOfStore: MemoryOrderOutbox;
  private readonly read: OrderEvent[] = [];

  constructor() {
    const queues = new OutboxQueues([READER]);
    super(queues);
    this.outboxOfStore = new MemoryOrderOutbox(queues);
  }

  /** Every event committed so far, oldest first. */
  async committedEvents(): Promise<OrderEvent[]> {
    // One at a time: the memory outbox then hands them out in commit order.
    let claimed: number;
    do {
      claimed = await this.outboxOfStore.claimDue(READER, 1, new Date(), async (due) => {
        this.read.push(...due.map((pending) => pending.event));
        return due.map((pending) => ({ eventId: pending.event.eventId, status: 'delivered' as const }));
      });
    } while (claimed > 0);
    return [...this.read];
  }
}
