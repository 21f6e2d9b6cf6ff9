import { describe, expect, it } from 'vitest';
import { renderOrderEmail } from '../../src/adapters/email/order-email.js';
import type { OrderEvent, OrderEventType } from '../../src/domain/model/order-events.js';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { OrderStatus } from '../../src/domain/model/values/order-status.js';
import { TEST_TENANT } from '../support/tokens.js';

const ORDER_ID = '00000000-0000-4000-8000-000000000001';
const EVENT_ID = '00000000-0000-4000-8000-000000000002';
const AT = new Date('2026-01-01T00:00:00.000Z');

const STATUS_AFTER: Record<OrderEventType, OrderStatus> = {
  OrderPlaced: 'pending',
  OrderConfirmed: 'confirmed',
  OrderShipped: 'shipped',
  OrderDelivered: 'delivered',
  OrderCancelled: 'cancelled',
};

function order(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
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
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

function event(type: OrderEventType, overrides: Partial<OrderSnapshot> = {}): OrderEvent {
  return { type, eventId: EVENT_ID, occurredAt: AT, order: order({ status: STATUS_AFTER[type], ...overrides }) };
}

/** The text of an HTML document with tags dropped and the few entities the renderer writes decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('renderOrderEmail', () => {
  it.each<[OrderEventType, string]>([
    ['OrderPlaced', 'placed'],
    ['OrderConfirmed', 'confirmed'],
    ['OrderShipped', 'shipped'],
    ['OrderDelivered', 'delivered'],
    ['OrderCancelled', 'cancelled'],
  ])('titles a %s e-mail "Order {id} %s"', (type, verb) => {
    const email = renderOrderEmail(event(type));
    expect(email.subject).toBe(`Order ${ORDER_ID} ${verb}`);
    expect(email.text).toContain(`Your order ${ORDER_ID} has been ${verb}.`);
    expect(visibleText(email.html)).toContain(`Your order ${ORDER_ID} has been ${verb}.`);
  });

  it('is addressed to the customer e-mail', () => {
    expect(renderOrderEmail(event('OrderPlaced', { customerEmail: 'bob@example.org' })).to).toBe('bob@example.org');
  });

  it('carries the event id as Message-ID and X-Order-Event-Id, so receivers can drop duplicates', () => {
    const email = renderOrderEmail(event('OrderShipped'));
    expect(email.messageId).toBe(`<${EVENT_ID}@hexagonal-orders>`);
    expect(email.headers).toEqual({ 'X-Order-Event-Id': EVENT_ID });
  });

  it('says nothing of the tenant the order belongs to, so a tenant gets the e-mail it always got', () => {
    const email = renderOrderEmail(event('OrderPlaced', { tenantId: 'acme-internal-7' }));
    expect(JSON.stringify(email)).not.toContain('acme-internal-7');
    expect(email).toEqual(renderOrderEmail(event('OrderPlaced', { tenantId: 'another-tenant' })));
  });

  it('renders the same e-mail for the same event', () => {
    expect(renderOrderEmail(event('OrderConfirmed'))).toEqual(renderOrderEmail(event('OrderConfirmed')));
  });

  describe('items and total', () => {
    it('lists each item with quantity, unit price and amount in the text part', () => {
      const { text } = renderOrderEmail(event('OrderPlaced'));
      expect(text).toContain('2 x A-1 at $12.50 = $25.00');
      expect(text).toContain('1 x B-2 at $5.00 = $5.00');
      expect(text).toContain('Total: $30.00');
    });

    it('lists each item and the total in the HTML part', () => {
      const { html } = renderOrderEmail(event('OrderPlaced'));
      expect(html).toContain(
        '<tr><td>A-1</td><td style="text-align:right">2</td><td style="text-align:right">$12.50</td><td style="text-align:right">$25.00</td></tr>',
      );
      expect(html).toContain(
        '<tr><td>B-2</td><td style="text-align:right">1</td><td style="text-align:right">$5.00</td><td style="text-align:right">$5.00</td></tr>',
      );
      expect(visibleText(html)).toMatch(/Total \$30\.00/);
    });

    it('formats 2500 USD minor units as $25.00', () => {
      const email = renderOrderEmail(
        event('OrderPlaced', { items: [{ sku: 'A', quantity: 1, unitPrice: 2500 }], total: 2500 }),
      );
      expect(email.text).toContain('Total: $25.00');
      expect(email.html).toContain('$25.00');
    });

    it('formats an amount of a million dollars with grouping', () => {
      const email = renderOrderEmail(
        event('OrderPlaced', { items: [{ sku: 'A', quantity: 1, unitPrice: 100_000_000 }], total: 100_000_000 }),
      );
      expect(email.text).toContain('Total: $1,000,000.00');
    });

    it('formats a zero unit price', () => {
      const email = renderOrderEmail(
        event('OrderPlaced', {
          items: [
            { sku: 'FREE', quantity: 3, unitPrice: 0 },
            { sku: 'PAID', quantity: 1, unitPrice: 1 },
          ],
          total: 1,
        }),
      );
      expect(email.text).toContain('3 x FREE at $0.00 = $0.00');
      expect(email.text).toContain('Total: $0.01');
    });

    it('formats JPY without decimals: 2500 minor units are ¥2,500', () => {
      const email = renderOrderEmail(
        event('OrderPlaced', { currency: 'JPY', items: [{ sku: 'A', quantity: 2, unitPrice: 2500 }], total: 5000 }),
      );
      expect(email.text).toContain('2 x A at ¥2,500 = ¥5,000');
      expect(email.text).toContain('Total: ¥5,000');
      expect(email.text).not.toMatch(/¥[\d,]+\./);
      expect(email.html).toContain('¥5,000');
    });

    it('formats EUR with two decimals', () => {
      const email = renderOrderEmail(
        event('OrderPlaced', { currency: 'EUR', items: [{ sku: 'A', quantity: 1, unitPrice: 1999 }], total: 1999 }),
      );
      expect(email.text).toContain('Total: €19.99');
    });

    it('formats a three-decimal currency in its own minor units', () => {
      const email = renderOrderEmail(
        event('OrderPlaced', { currency: 'KWD', items: [{ sku: 'A', quantity: 1, unitPrice: 1250 }], total: 1250 }),
      );
      expect(email.text).toMatch(/Total: KWD\s1\.250/);
    });

    it('lists all items of a large order', () => {
      const items = Array.from({ length: 100 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1, unitPrice: 100 }));
      const email = renderOrderEmail(event('OrderPlaced', { items, total: 10_000 }));
      for (const item of items) {
        expect(email.text).toContain(`1 x ${item.sku} at $1.00 = $1.00`);
        expect(email.html).toContain(`<td>${item.sku}</td>`);
      }
      expect(email.text).toContain('Total: $100.00');
    });
  });

  describe('cancellation reason', () => {
    it('is shown in both parts of a cancellation', () => {
      const email = renderOrderEmail(event('OrderCancelled', { cancellationReason: 'Found it cheaper', version: 2 }));
      expect(email.text).toContain('Reason: Found it cheaper');
      expect(email.html).toContain('<p>Reason: Found it cheaper</p>');
    });

    it('is left out when there is none', () => {
      const email = renderOrderEmail(event('OrderCancelled', { cancellationReason: null }));
      expect(email.text).not.toContain('Reason');
      expect(email.html).not.toContain('Reason');
    });

    it('is left out of events other than the cancellation', () => {
      // The snapshot of a later event could carry a reason only by mistake; the e-mail must not repeat it anyway.
      const email = renderOrderEmail(event('OrderShipped', { cancellationReason: 'stale reason' }));
      expect(email.text).not.toContain('stale reason');
      expect(email.html).not.toContain('stale reason');
    });
  });

  describe('HTML escaping', () => {
    const hostile = '<script>alert("x")</script>';

    it('escapes a reason that contains markup', () => {
      const email = renderOrderEmail(event('OrderCancelled', { cancellationReason: hostile }));
      expect(email.html).not.toContain('<script');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(visibleText(email.html)).toContain(`Reason: ${hostile}`);
      // The plain-text part is not HTML, so it shows the reason as written.
      expect(email.text).toContain(`Reason: ${hostile}`);
    });

    it('escapes ampersands and quotes', () => {
      const email = renderOrderEmail(event('OrderCancelled', { cancellationReason: `Tom & Jerry's "deal"` }));
      expect(email.html).toContain('Tom &amp; Jerry&#39;s &quot;deal&quot;');
    });

    it('never puts a customerId containing markup into the HTML unescaped', () => {
      const email = renderOrderEmail(
        event('OrderCancelled', { customerId: `${hostile}<img src=x onerror=alert(1)>`, cancellationReason: hostile }),
      );
      expect(email.html).not.toContain('<script');
      expect(email.html).not.toContain('<img');
      expect(email.html).not.toContain('onerror=alert(1)>');
    });

    it('produces only the markup of its own template', () => {
      const email = renderOrderEmail(event('OrderCancelled', { cancellationReason: hostile }));
      const tags = new Set([...email.html.matchAll(/<\/?([a-z!]+)/gi)].map((match) => (match[1] ?? '').toLowerCase()));
      expect([...tags].sort()).toEqual([
        '!doctype',
        'body',
        'html',
        'p',
        'strong',
        'table',
        'tbody',
        'td',
        'tfoot',
        'th',
        'thead',
        'tr',
      ]);
    });
  });
});
