import type { OrderEvent } from '../../domain/model/order-events.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import { copyEvent } from './copy-order.js';

/** One event owed to one notifier. */
export interface QueuedDelivery {
  /** Commit order across all events. */
  readonly sequence: number;
  readonly event: OrderEvent;
  /** The trace context the event was saved in, if any (OutboxEvent.traceParent). */
  readonly traceParent: string | undefined;
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

  /**
   * Records committed events as owed to every notifier. Each is copied once and shared by the queues, which never
   * change an event; `stored`, the order as the repository keeps it, stands for the order of an event of its version,
   * so that memory holds each order once. `traceParent`: the trace context of the save, if any.
   */
  append(events: readonly OrderEvent[], stored?: OrderSnapshot, traceParent?: string): void {
    if (this.notifiers.length === 0) return;
    const owned = events.map((event) => copyEvent(event, stored));
    for (const notifier of this.notifiers) {
      const queue = this.pending.get(notifier) ?? [];
      for (const event of owned) {
        queue.push({ sequence: this.sequence++, event, traceParent, attempts: 0, nextAttemptAt: 0, error: null });
      }
      this.pending.set(notifier, queue);
    }
  }
}
