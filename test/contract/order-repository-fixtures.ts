import { expect } from 'vitest';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { OrderStatus } from '../../src/domain/model/values/order-status.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import type { OrderRepository } from '../../src/ports/outbound/order-repository.js';
import { tenantIdOf } from '../support/values.js';

// The orders the OrderRepository contract stores: valid, unique by id, saved as the core saves them.

export const T0 = new Date('2026-01-01T00:00:00.000Z');
/** The tenant every order belongs to unless a case says otherwise. */
export const TENANT = tenantIdOf('tenant-a');
export const OTHER_TENANT = tenantIdOf('tenant-b');
let sequence = 0;

/** A valid order, unique by id, at `createdAt`. */
export function anOrder(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  sequence++;
  const createdAt = overrides.createdAt ?? T0;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    tenantId: TENANT,
    customerId: 'c-1',
    customerEmail: 'ada@example.com',
    items: [
      { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
      { sku: 'PEN.1_x', quantity: 1, unitPrice: 0 },
    ],
    currency: 'USD',
    total: 2500,
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

export function eventOf(order: OrderSnapshot, type: OrderEvent['type']): OrderEvent {
  sequence++;
  return {
    eventId: `10000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    type,
    occurredAt: order.updatedAt,
    order,
  };
}

export async function placed(
  repository: OrderRepository,
  overrides: Partial<OrderSnapshot> = {},
): Promise<OrderSnapshot> {
  const order = anOrder(overrides);
  expect(await repository.save({ order, expectedVersion: 0, events: [eventOf(order, 'OrderPlaced')] })).toBe('saved');
  return order;
}

export function advanced(
  order: OrderSnapshot,
  status: OrderStatus,
  at: Date,
  reason: string | null = null,
): OrderSnapshot {
  return { ...order, status, cancellationReason: reason, version: order.version + 1, updatedAt: at };
}
