import type { DeliveryRecord } from './order-outbox.js';

/** Hears the relay's decisions, for logs and metrics. */
export interface DeliveryObserver {
  /** Called with every decision of one batch for one notifier: delivered, retry later, or parked as dead. */
  recorded(notifier: string, records: readonly DeliveryRecord[]): void;
}
