import type { DeliverOrderEventsUseCase } from '../../../ports/inbound/deliver-order-events-use-case.js';
import type { Clock } from '../../../ports/outbound/clock.js';
import type { DeliveryOutcome, OrderNotifier } from '../../../ports/outbound/order-notifier.js';
import {
  MAX_DELIVERY_ERROR_LENGTH,
  type DeliveryRecord,
  type OrderOutbox,
  type PendingDelivery,
} from '../../../ports/outbound/order-outbox.js';
import type { RetrySchedule } from '../../../ports/outbound/retry-schedule.js';

/**
 * Events claimed at a time unless the composition gives a notifier its own size: large enough to batch, small enough
 * to keep each claim's transaction short when the notifier sends event by event.
 */
export const DELIVERY_BATCH_SIZE = 100;

/**
 * Moves committed events from the outbox to one notifier: at least once, oldest first per order, a failed delivery
 * retried later by the schedule, a permanent one parked as a dead letter. One per notifier, so one notifier's outage
 * never repeats or delays another's deliveries.
 */
export class DeliverOrderEvents implements DeliverOrderEventsUseCase {
  readonly notifier: string;

  constructor(
    private readonly outbox: OrderOutbox,
    private readonly target: OrderNotifier,
    private readonly schedule: RetrySchedule,
    private readonly clock: Clock,
    private readonly batchSize: number = DELIVERY_BATCH_SIZE,
  ) {
    this.notifier = target.name;
  }

  async deliverDue(): Promise<readonly DeliveryRecord[]> {
    let records: readonly DeliveryRecord[] = [];
    await this.outbox.claimDue(this.notifier, this.batchSize, this.clock.now(), async (due) => {
      records = this.decide(due, await this.target.deliver(due.map((pending) => pending.event)));
      return records;
    });
    return records;
  }

  private decide(due: readonly PendingDelivery[], outcomes: readonly DeliveryOutcome[]): DeliveryRecord[] {
    const byId = new Map(outcomes.map((outcome) => [outcome.eventId, outcome]));
    const now = this.clock.now().getTime();
    return due.map(({ event, attempts }): DeliveryRecord => {
      // A notifier owes one outcome per event; should one be missing, the event is tried again rather than lost.
      const outcome = byId.get(event.eventId) ?? { delivered: false, permanent: false, reason: 'no outcome given' };
      if (outcome.delivered) return { eventId: event.eventId, status: 'delivered' };
      const error = outcome.reason.slice(0, MAX_DELIVERY_ERROR_LENGTH);
      if (outcome.permanent) return { eventId: event.eventId, status: 'dead', error };
      const nextAttemptAt = new Date(now + this.schedule.delayAfter(attempts + 1));
      return { eventId: event.eventId, status: 'retry', nextAttemptAt, error };
    });
  }
}
