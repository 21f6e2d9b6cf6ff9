import { describe, expect, it } from 'vitest';
import { orderEventMessage } from '../../src/adapters/kafka/order-event-message.js';
import type { OrderEvent, OrderEventType } from '../../src/domain/model/order-events.js';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import { TEST_TENANT } from '../support/tokens.js';

const ORDER_ID = '00000000-0000-4000-8000-000000000001';
const EVENT_ID = '00000000-0000-4000-8000-000000000002';
const AT = new Date('2026-01-01T00:00:00.000Z');

function event(type: OrderEventType, overrides: Partial<OrderSnapshot> = {}): OrderEvent {
  return {
    type,
    eventId: EVENT_ID,
    occurredAt: AT,
    order: {
      id: ORDER_ID,
      tenantId: TEST_TENANT,
      customerId: 'c-1',
      customerEmail: 'ann@example.com',
      items: [{ sku: 'A-1', quantity: 2, unitPrice: 1250 }],
      currency: 'USD',
      total: 2500,
      status: 'pending',
      cancellationReason: null,
      version: 1,
      createdAt: AT,
      updatedAt: AT,
      ...overrides,
    },
  };
}

describe('the Kafka record of an event (SPEC §6, §9)', () => {
  it('carries the order\u2019s tenantId beside its customerId, and otherwise the fields of SPEC §6', () => {
    const message = orderEventMessage(event('OrderPlaced'));
    expect(JSON.parse(message.value)).toEqual({
      eventId: EVENT_ID,
      type: 'OrderPlaced',
      schemaVersion: 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      orderId: ORDER_ID,
      tenantId: TEST_TENANT,
      customerId: 'c-1',
      orderVersion: 1,
      data: { status: 'pending', total: 2500, currency: 'USD' },
    });
  });

  it('carries the tenant of the order it is about', () => {
    expect(JSON.parse(orderEventMessage(event('OrderPlaced', { tenantId: 'tenant-b' })).value)).toMatchObject({
      tenantId: 'tenant-b',
    });
  });

  it('is keyed by the order id, with the event\u2019s type and id as headers', () => {
    const message = orderEventMessage(event('OrderPlaced'));
    expect(message.key).toBe(ORDER_ID);
    expect(message.headers).toEqual({
      'event-type': 'OrderPlaced',
      'event-id': EVENT_ID,
      'content-type': 'application/json',
    });
  });

  it('carries the W3C traceparent of the request that caused the event (SPEC §10), and none for an untraced one', () => {
    const traceParent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(orderEventMessage({ ...event('OrderPlaced'), traceParent }).headers).toMatchObject({
      traceparent: traceParent,
    });
    expect(orderEventMessage(event('OrderPlaced')).headers).not.toHaveProperty('traceparent');
  });

  it('gives the reason of a cancellation, and never the e-mail address', () => {
    const message = orderEventMessage(
      event('OrderCancelled', { status: 'cancelled', version: 2, cancellationReason: 'found it cheaper' }),
    );
    expect(JSON.parse(message.value)).toMatchObject({ data: { status: 'cancelled', reason: 'found it cheaper' } });
    expect(message.value).not.toContain('ann@example.com');
  });
});
