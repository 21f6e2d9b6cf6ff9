import type { RelayOrderEventsUseCase } from '../../ports/inbound/relay-order-events-use-case.js';
import type { Clock } from '../../ports/outbound/clock.js';
import type { DeliveryObserver } from '../../ports/outbound/delivery-observer.js';
import type { DeliveryOutcome, OrderNotifier } from '../../ports/outbound/order-notifier.js';
import type { DeliveryRecord, OrderOutbox, PendingDelivery } from '../../ports/outbound/order-outbox.js';
import type { RetrySchedule } from '../../ports/outbound/retry-schedule.js';

const MAX_ERROR_LENGTH = 500;

/**
 * Moves committed events from the outbox to one notifier: at least once, oldest first per order,
 * a failed delivery retried later by the schedule, a permanent one parked as a dead letter.
 * One relay per notifier, so one notifier's outage never repeats or delays another's deliveries.
 */
export class RelayOrderEvents implements RelayOrderEventsUseCase {
  readonly notifier: string;

  constructor(
    private readonly outbox: OrderOutbox,
    private readonly target: OrderNotifier,
    private readonly schedule: RetrySchedule,
    private readonly clock: Clock,
    private readonly batchSize = 100,
    private readonly observer?: DeliveryObserver,
  ) {
    this.notifier = target.name;
  }

  runOnce(): Promise<number> {
    return this.outbox.relay(this.notifier, this.batchSize, (due) => this.deliver(due));
  }

  private async deliver(due: readonly PendingDelivery[]): Promise<DeliveryRecord[]> {
    let outcomes: readonly DeliveryOutcome[];
    try {
      outcomes = await this.target.deliver(due.map((pending) => pending.event));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      outcomes = due.map(({ event }) => ({ eventId: event.eventId, delivered: false, permanent: false, reason }));
    }
    const byId = new Map(outcomes.map((outcome) => [outcome.eventId, outcome]));
    const now = this.clock.now().getTime();
    const records = due.map(({ event, attempts }): DeliveryRecord => {
      const outcome = byId.get(event.eventId) ?? {
        eventId: event.eventId,
        delivered: false,
        permanent: false,
        reason: 'the notifier gave no outcome',
      };
      if (outcome.delivered) return { eventId: event.eventId, status: 'delivered' };
      const error = outcome.reason.slice(0, MAX_ERROR_LENGTH);
      if (outcome.permanent) return { eventId: event.eventId, status: 'dead', error };
      return {
        eventId: event.eventId,
        status: 'retry',
        nextAttemptAt: new Date(now + this.schedule.delayAfter(attempts + 1)),
        error,
      };
    });
    this.observer?.recorded(this.notifier, records);
    return records;
  }
}
