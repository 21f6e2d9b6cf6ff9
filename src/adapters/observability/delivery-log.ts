import type { Logger } from 'pino';
import type { DeliveryRecord } from '../../ports/outbound/order-outbox.js';

/** Writes delivery failures to the log: a retry as a warning, a dead letter as an error an operator must act on. */
export class DeliveryLog {
  constructor(private readonly logger: Pick<Logger, 'warn' | 'error' | 'debug'>) {}

  /** Hears the records of one delivery batch. */
  recorded(notifier: string, records: readonly DeliveryRecord[]): void {
    let delivered = 0;
    for (const record of records) {
      if (record.status === 'delivered') delivered++;
      else if (record.status === 'retry') {
        this.logger.warn(
          { notifier, eventId: record.eventId, nextAttemptAt: record.nextAttemptAt, error: record.error },
          'delivery failed; will retry',
        );
      } else {
        this.logger.error(
          { notifier, eventId: record.eventId, error: record.error },
          'delivery refused for good; parked as a dead letter (npm run outbox -- requeue)',
        );
      }
    }
    if (delivered > 0) this.logger.debug({ notifier, delivered }, 'events delivered');
  }
}
