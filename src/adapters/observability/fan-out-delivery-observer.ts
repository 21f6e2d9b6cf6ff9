import type { Logger } from 'pino';
import type { DeliveryObserver } from '../../ports/outbound/delivery-observer.js';
import type { DeliveryRecord } from '../../ports/outbound/order-outbox.js';

/**
 * Hands the relay's decisions to several observers (the log, the metrics). One observer's failure is logged and
 * goes no further: the relay calls observers before it records a batch, so a throw would undo the deliveries.
 */
export class FanOutDeliveryObserver implements DeliveryObserver {
  constructor(
    private readonly observers: readonly DeliveryObserver[],
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  recorded(notifier: string, records: readonly DeliveryRecord[]): void {
    for (const observer of this.observers) {
      try {
        observer.recorded(notifier, records);
      } catch (error) {
        this.logger.warn({ err: error, notifier }, 'a delivery observer failed');
      }
    }
  }
}
