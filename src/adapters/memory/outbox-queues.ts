import type { OrderEvent } from '../../domain/model/order-events.js';
import { copyEvent } from './copy-order.js';

/** One event owed to one notifier. */
export interface QueuedDelivery {
  /** Commit order across all events. */
  readonly sequence: number;
  readonly event: OrderEvent;
  attempts: number;
  nextAttemptAt: number;
  error: string | null;
}

/**
 * The memory outbox's state, shared inside this folder: MemoryOrderRepository appends to it in the step of each
 * save, MemoryOrderOutbox claims and records from it. Only what is still owed is kept: a delivered event is gone,
 * and an event owed to no notifier is never stored.
 */
export class OutboxQueues {
  /** Per notifier: pending deliveries in commit order. */
  readonly pending = new Map<string, QueuedDelivery[]>();
  /** Per notifier: deliveries parked after a permanent failure. */
  readonly dead = new Map<string, QueuedDelivery[]>();
  private sequence = 0;

  /** `notifiers`: who is owed each committed event. */
  constructor(private readonly notifiers: readonly string[]) {}

  /** Records committed events as owed to every notifier. */
  append(events: readonly OrderEvent[]): void {
    for (const notifier of this.notifiers) {
      const queue = this.pending.get(notifier) ?? [];
      for (const event of events) {
        queue.push({ sequence: this.sequence++, event: copyEvent(event), attempts: 0, nextAttemptAt: 0, error: null });
      }
      this.pending.set(notifier, queue);
    }
  }
}
