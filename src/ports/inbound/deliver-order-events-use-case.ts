import type { DeliveryRecord } from '../outbound/order-outbox.js';

/** Delivers the events owed to one notifier, batch by batch; the driver decides when (woken, or on a timer). */
export interface DeliverOrderEventsUseCase {
  /** The notifier whose deliveries this makes. */
  readonly notifier: string;
  /** Claims one batch of due events, hands it to the notifier and records each outcome; resolves with the records (none: nothing was due). */
  deliverDue(): Promise<readonly DeliveryRecord[]>;
}
