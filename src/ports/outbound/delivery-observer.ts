import type { DeliveryRecord } from './order-outbox.js';
import { portKey } from '../port-key.js';

/** Hears the relay's decisions, for logs and metrics. */
export interface DeliveryObserver {
  /** Called with every decision of one batch for one notifier: delivered, retry later, or parked as dead. */
  recorded(notifier: string, records: readonly DeliveryRecord[]): void;
}

export const DELIVERY_OBSERVER = portKey<DeliveryObserver>('DeliveryObserver');
