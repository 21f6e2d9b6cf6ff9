import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../src/domain/model/errors/invalid-transition-error.js';
import type { OrderAction, OrderEventType } from '../../src/domain/model/order-lifecycle.js';
import type { OrderLine, OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import { Order, type NewOrder } from '../../src/domain/model/order.js';
import type { Result } from '../../src/domain/model/result.js';
import { parseCancellationReason, type CancellationReason } from '../../src/domain/model/values/cancellation-reason.js';
import { parseOrderId } from '../../src/domain/model/values/order-id.js';
import { ORDER_STATUSES, type OrderStatus } from '../../src/domain/model/values/order-status.js';
import { parseTenantId } from '../../src/domain/model/values/tenant-id.js';
import { placeCommand, unwrap, unwrapError } from '../support/order-commands.js';
import { TEST_TENANT } from '../support/tokens.js';
import { customerIdOf } from '../support/values.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const ORDER_ID = '00000000-0000-4000-8000-000000000001';
const PLACED_AT = new Date('2026-01-01T00:00:00.000Z');
const LATER = new Date('2026-01-01T01:00:00.000Z');

const ACTIONS: readonly OrderAction[] = ['confirm', 'ship', 'deliver', 'cancel'];

function newOrder(): NewOrder {
  const { idempotencyKey: _none, ...order } = placeCommand();
  return {
    ...order,
    id: unwrap(parseOrderId(ORDER_ID)),
    tenantId: unwrap(parseTenantId(TEST_TENANT)),
    customerId: customerIdOf('c-1'),
  };
}

function reason(text: string): CancellationReason | null {
  return unwrap(parseCancellationReason(text));
}

function place(at: Date = PLACED_AT): Order {
  return Order.place(newOrder(), at);
}

function act(order: Order, action: OrderAction, now: Date): Result<Order, InvalidTransitionError> {
  switch (action) {
    case 'confirm':
      return order.confirm(now);
    case 'ship':
      return order.ship(now);
    case 'deliver':
      return order.deliver(now);
    case 'cancel':
      return order.cancel(now, null);
  }
}

/** An order brought to `status` through accepted transitions, one hour apart. */
function orderIn(status: OrderStatus): Order {
  const pending = place();
  const hour = 3_600_000;
  const at = (n: number): Date => new Date(PLACED_AT.getTime() + n * hour);
  switch (status) {
    case 'pending':
      return pending;
    case 'confirmed':
      return unwrap(pending.confirm(at(1)));
    case 'shipped':
      return unwrap(unwrap(pending.confirm(at(1))).ship(at(2)));
    case 'delivered':
      return unwrap(unwrap(unwrap(pending.confirm(at(1))).ship(at(2))).deliver(at(3)));
    case 'cancelled':
      return unwrap(pending.cancel(at(1), reason('changed my mind')));
  }
}

describe('Order.place', () => {
  it('places a pending order at version 1 with createdAt and updatedAt at the given time', () => {
    const snapshot = place().toSnapshot();
    expect(snapshot).toEqual({
      id: ORDER_ID,
      tenantId: TEST_TENANT,
      customerId: 'c-1',
      customerEmail: 'ann@example.com',
      items: [
        { sku: 'A-1', quantity: 2, unitPrice: 1250 },
        { sku: 'B-2', quantity: 1, unitPrice: 500 },
      ],
      currency: 'USD',
      total: 3000,
      status: 'pending',
      cancellationReason: null,
      version: 1,
      createdAt: PLACED_AT,
      updatedAt: PLACED_AT,
    });
  });

  it('records exactly one OrderPlaced event carrying the placed snapshot', () => {
    const order = place();
    expect(order.recordedEvents).toHaveLength(1);
    const [event] = order.recordedEvents;
    expect(event?.type).toBe('OrderPlaced');
    expect(event?.occurredAt).toEqual(PLACED_AT);
    expect(event?.order).toEqual(order.toSnapshot());
  });

  it('exposes id, version and status', () => {
    const order = place();
    expect(order.id).toBe(ORDER_ID);
    expect(order.version).toBe(1);
    expect(order.status).toBe('pending');
  });
});

describe('Order.restore', () => {
  it('rebuilds an order from its snapshot without recording any event', () => {
    const snapshot = orderIn('shipped').toSnapshot();
    const restored = Order.restore(snapshot);
    expect(restored.toSnapshot()).toEqual(snapshot);
    expect(restored.recordedEvents).toEqual([]);
  });

  it('records only the events of changes made after restoring', () => {
    const restored = Order.restore(place().toSnapshot());
    const confirmed = unwrap(restored.confirm(LATER));
    expect(confirmed.recordedEvents.map((event) => event.type)).toEqual(['OrderConfirmed']);
  });
});

describe('allowed transitions', () => {
  const allowed: ReadonlyArray<{
    action: OrderAction;
    from: OrderStatus;
    to: OrderStatus;
    event: OrderEventType;
  }> = [
    { action: 'confirm', from: 'pending', to: 'confirmed', event: 'OrderConfirmed' },
    { action: 'ship', from: 'confirmed', to: 'shipped', event: 'OrderShipped' },
    { action: 'deliver', from: 'shipped', to: 'delivered', event: 'OrderDelivered' },
    { action: 'cancel', from: 'pending', to: 'cancelled', event: 'OrderCancelled' },
    { action: 'cancel', from: 'confirmed', to: 'cancelled', event: 'OrderCancelled' },
  ];

  it.each(allowed)(
    '$action moves a $from order to $to, one version up, recording $event',
    ({ action, from, to, event }) => {
      const before = orderIn(from);
      const beforeSnapshot = before.toSnapshot();
      const now = new Date('2026-02-01T12:34:56.789Z');

      const after = unwrap(act(before, action, now));
      const snapshot = after.toSnapshot();

      expect(snapshot.status).toBe(to);
      expect(after.status).toBe(to);
      expect(snapshot.version).toBe(beforeSnapshot.version + 1);
      expect(snapshot.updatedAt).toEqual(now);
      expect(snapshot.createdAt).toEqual(beforeSnapshot.createdAt);
      // Everything but status, version and updatedAt stays as it was.
      expect({
        ...snapshot,
        status: from,
        version: beforeSnapshot.version,
        updatedAt: beforeSnapshot.updatedAt,
      }).toEqual(beforeSnapshot);

      expect(after.recordedEvents).toHaveLength(before.recordedEvents.length + 1);
      const recorded = after.recordedEvents[after.recordedEvents.length - 1];
      expect(recorded?.type).toBe(event);
      expect(recorded?.occurredAt).toEqual(now);
      expect(recorded?.order).toEqual(snapshot);
      expect(after.recordedEvents.slice(0, -1)).toEqual(before.recordedEvents);
    },
  );

  it('records OrderPlaced, OrderConfirmed, OrderShipped, OrderDelivered in order through the whole lifecycle', () => {
    const delivered = orderIn('delivered');
    expect(delivered.recordedEvents.map((event) => event.type)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'OrderShipped',
      'OrderDelivered',
    ]);
    expect(delivered.recordedEvents.map((event) => event.order.version)).toEqual([1, 2, 3, 4]);
    expect(delivered.recordedEvents.map((event) => event.order.status)).toEqual([
      'pending',
      'confirmed',
      'shipped',
      'delivered',
    ]);
    expect(delivered.version).toBe(4);
  });

  it('records OrderPlaced then OrderCancelled for a cancelled pending order', () => {
    expect(orderIn('cancelled').recordedEvents.map((event) => event.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it('never sets updatedAt before createdAt when the clock steps back', () => {
    const order = place(LATER);
    const confirmed = unwrap(order.confirm(PLACED_AT)).toSnapshot();
    expect(confirmed.updatedAt).toEqual(LATER);
    expect(confirmed.createdAt).toEqual(LATER);
  });
});

describe('refused transitions', () => {
  const refused: ReadonlyArray<{ action: OrderAction; status: OrderStatus }> = [
    { action: 'confirm', status: 'confirmed' },
    { action: 'confirm', status: 'shipped' },
    { action: 'confirm', status: 'delivered' },
    { action: 'confirm', status: 'cancelled' },
    { action: 'ship', status: 'pending' },
    { action: 'ship', status: 'shipped' },
    { action: 'ship', status: 'delivered' },
    { action: 'ship', status: 'cancelled' },
    { action: 'deliver', status: 'pending' },
    { action: 'deliver', status: 'confirmed' },
    { action: 'deliver', status: 'delivered' },
    { action: 'deliver', status: 'cancelled' },
    { action: 'cancel', status: 'shipped' },
    { action: 'cancel', status: 'delivered' },
    { action: 'cancel', status: 'cancelled' },
  ];
  const allowedPairs = ['confirm:pending', 'ship:confirmed', 'deliver:shipped', 'cancel:pending', 'cancel:confirmed'];

  it('covers every action and status pair that is not an allowed transition', () => {
    const everyPair = ACTIONS.flatMap((action) => ORDER_STATUSES.map((status) => `${action}:${status}`));
    const listed = [...allowedPairs, ...refused.map(({ action, status }) => `${action}:${status}`)];
    expect(everyPair).toHaveLength(20);
    expect([...listed].sort()).toEqual([...everyPair].sort());
  });

  it.each(refused)(
    'refuses to $action a $status order with INVALID_TRANSITION and leaves it unchanged',
    ({ action, status }) => {
      const order = orderIn(status);
      const before = order.toSnapshot();
      const eventsBefore = [...order.recordedEvents];

      const error = unwrapError(act(order, action, new Date('2026-03-01T00:00:00.000Z')));

      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error.code).toBe('INVALID_TRANSITION');
      expect(error.orderId).toBe(ORDER_ID);
      expect(error.status).toBe(status);
      expect(error.action).toBe(action);
      expect(error.message).toContain(status);
      expect(order.toSnapshot()).toEqual(before);
      expect(order.recordedEvents).toEqual(eventsBefore);
    },
  );

  it.each(refused)('reports that it cannot $action a $status order', ({ action, status }) => {
    expect(orderIn(status).can(action)).toBe(false);
  });

  it.each(allowedPairs.map((pair) => pair.split(':') as [OrderAction, OrderStatus]))(
    'reports that it can %s a %s order',
    (action, status) => {
      expect(orderIn(status).can(action)).toBe(true);
    },
  );

  it('refuses to cancel a shipped order even with a valid reason', () => {
    const error = unwrapError(orderIn('shipped').cancel(LATER, reason('too late')));
    expect(error.code).toBe('INVALID_TRANSITION');
  });
});

describe('immutability', () => {
  it('leaves the original Order unchanged after an accepted transition', () => {
    const pending = place();
    const before = pending.toSnapshot();
    const confirmed = unwrap(pending.confirm(LATER));

    expect(confirmed).not.toBe(pending);
    expect(pending.toSnapshot()).toEqual(before);
    expect(pending.status).toBe('pending');
    expect(pending.version).toBe(1);
    expect(pending.recordedEvents.map((event) => event.type)).toEqual(['OrderPlaced']);
  });

  it('hands out frozen snapshots whose fields and items cannot be reassigned', () => {
    const snapshot = place().toSnapshot();
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(snapshot.items)).toBe(true);
    expect(() => {
      (snapshot as Mutable<OrderSnapshot>).status = 'delivered';
    }).toThrow(TypeError);
    expect(() => {
      (snapshot.items as OrderLine[]).push({ sku: 'X', quantity: 1, unitPrice: 1 });
    }).toThrow(TypeError);
    expect(() => {
      (snapshot.items[0] as Mutable<OrderLine>).quantity = 9999;
    }).toThrow(TypeError);
  });

  it('is not affected when the Dates of a snapshot it handed out are changed', () => {
    const order = place();
    const snapshot = order.toSnapshot();
    snapshot.createdAt.setTime(0);
    snapshot.updatedAt.setTime(0);
    expect(order.toSnapshot().createdAt).toEqual(PLACED_AT);
    expect(order.toSnapshot().updatedAt).toEqual(PLACED_AT);
  });

  it('hands out a new copy on every call to toSnapshot', () => {
    const order = place();
    const first = order.toSnapshot();
    const second = order.toSnapshot();
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(second.createdAt).not.toBe(first.createdAt);
  });

  it('is not affected when the time it was placed at is changed afterwards', () => {
    const now = new Date(PLACED_AT);
    const order = Order.place(newOrder(), now);
    now.setTime(0);
    expect(order.toSnapshot().createdAt).toEqual(PLACED_AT);
    expect(order.recordedEvents[0]?.occurredAt).toEqual(PLACED_AT);
  });

  it('hands out lines that are not the ones it was placed with', () => {
    const placed = newOrder();
    expect(place().toSnapshot().items[0]).not.toBe(placed.items[0]);
  });

  it('is not affected when the snapshot it was restored from is changed afterwards', () => {
    const source = place().toSnapshot();
    const items: Array<Mutable<OrderLine>> = source.items.map((line) => ({ ...line }));
    const data: Mutable<OrderSnapshot> = { ...source, items, createdAt: new Date(source.createdAt) };
    const restored = Order.restore(data);
    data.status = 'delivered';
    items[0]!.quantity = 42;
    data.createdAt.setTime(0);
    expect(restored.toSnapshot()).toEqual(source);
  });

  it('never moves updatedAt backwards when the clock steps back', () => {
    const confirmed = unwrap(place().confirm(LATER));
    const shipped = unwrap(confirmed.ship(PLACED_AT));
    expect(shipped.toSnapshot().updatedAt).toEqual(LATER);
  });

  it('is not affected when the Dates of a recorded event snapshot are changed', () => {
    const order = place();
    order.recordedEvents[0]?.order.createdAt.setTime(0);
    order.recordedEvents[0]?.order.updatedAt.setTime(0);
    expect(order.toSnapshot().createdAt).toEqual(PLACED_AT);
    expect(order.toSnapshot().updatedAt).toEqual(PLACED_AT);
  });
});

describe('cancellation reason', () => {
  it('is kept and carried by the OrderCancelled event', () => {
    const cancelled = unwrap(place().cancel(LATER, reason('found it cheaper')));
    expect(cancelled.toSnapshot().cancellationReason).toBe('found it cheaper');
    expect(cancelled.recordedEvents[1]?.order.cancellationReason).toBe('found it cheaper');
  });

  it('is kept when a confirmed order is cancelled', () => {
    const cancelled = unwrap(orderIn('confirmed').cancel(LATER, reason('out of stock')));
    expect(cancelled.toSnapshot().cancellationReason).toBe('out of stock');
  });

  it('is null when the order is cancelled without one', () => {
    const cancelled = unwrap(place().cancel(LATER, null));
    expect(cancelled.toSnapshot().cancellationReason).toBeNull();
    expect(cancelled.status).toBe('cancelled');
  });
});
