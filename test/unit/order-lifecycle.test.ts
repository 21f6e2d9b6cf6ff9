import { describe, expect, it } from 'vitest';
import { ORDER_LIFECYCLE, pastTenseOf, type OrderEventType } from '../../src/domain/model/order-lifecycle.js';

describe('the order lifecycle', () => {
  it('places an order as pending, from no status', () => {
    expect(ORDER_LIFECYCLE.place).toEqual({ from: [], to: 'pending', event: 'OrderPlaced', pastTense: 'placed' });
  });

  it('allows exactly the transitions of SPEC §3', () => {
    const transitions = Object.entries(ORDER_LIFECYCLE).flatMap(([action, step]) =>
      step.from.map((from) => `${from} -${action}-> ${step.to}`),
    );
    expect(transitions).toEqual([
      'pending -confirm-> confirmed',
      'confirmed -ship-> shipped',
      'shipped -deliver-> delivered',
      'pending -cancel-> cancelled',
      'confirmed -cancel-> cancelled',
    ]);
  });

  it.each<[OrderEventType, string]>([
    ['OrderPlaced', 'placed'],
    ['OrderConfirmed', 'confirmed'],
    ['OrderShipped', 'shipped'],
    ['OrderDelivered', 'delivered'],
    ['OrderCancelled', 'cancelled'],
  ])('words %s as %s', (type, word) => {
    expect(pastTenseOf(type)).toBe(word);
  });
});
