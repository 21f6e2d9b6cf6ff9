import type { OrderStatus } from './values/order-status.js';

/** A line of an order, as data. */
export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** The order as data: what repositories store and what use cases hand to input adapters. */
export interface OrderSnapshot {
  readonly id: string;
  /** The tenant of whoever placed it; it never changes. */
  readonly tenantId: string;
  readonly customerId: string;
  readonly customerEmail: string;
  readonly items: readonly OrderLine[];
  readonly currency: string;
  readonly total: number;
  readonly status: OrderStatus;
  readonly cancellationReason: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
