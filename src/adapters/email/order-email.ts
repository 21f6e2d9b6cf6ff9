import type { OrderEvent } from '../../domain/model/order-events.js';
import { pastTenseOf } from '../../domain/model/order-lifecycle.js';

export interface OrderEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The customer's message for one event: subject, plain text and HTML listing items and total (SPEC §6). */
export function renderOrderEmail(event: OrderEvent): OrderEmail {
  const { order } = event;
  const verb = pastTenseOf(event.type);
  const money = moneyFormat(order.currency);
  const lines = order.items.map((item) => ({
    sku: item.sku,
    quantity: item.quantity,
    unitPrice: money(item.unitPrice),
    amount: money(item.quantity * item.unitPrice),
  }));
  const total = money(order.total);
  const reason = event.type === 'OrderCancelled' && order.cancellationReason ? order.cancellationReason : null;

  const text = [
    `Your order ${order.id} has been ${verb}.`,
    ...(reason ? [`Reason: ${reason}`] : []),
    '',
    ...lines.map((line) => `${line.quantity} x ${line.sku} at ${line.unitPrice} = ${line.amount}`),
    '',
    `Total: ${total}`,
    '',
  ].join('\n');

  const rows = lines
    .map(
      (line) =>
        `<tr><td>${escape(line.sku)}</td><td style="text-align:right">${line.quantity}</td>` +
        `<td style="text-align:right">${escape(line.unitPrice)}</td><td style="text-align:right">${escape(line.amount)}</td></tr>`,
    )
    .join('');
  const html =
    `<!doctype html><html><body>` +
    `<p>Your order <strong>${escape(order.id)}</strong> has been ${verb}.</p>` +
    (reason ? `<p>Reason: ${escape(reason)}</p>` : '') +
    `<table><thead><tr><th>SKU</th><th>Quantity</th><th>Unit price</th><th>Amount</th></tr></thead>` +
    `<tbody>${rows}</tbody>` +
    `<tfoot><tr><th colspan="3" style="text-align:right">Total</th><th style="text-align:right">${escape(total)}</th></tr></tfoot>` +
    `</table></body></html>`;

  return {
    to: order.customerEmail,
    subject: `Order ${order.id} ${verb}`,
    text,
    html,
    messageId: `<${event.eventId}@hexagonal-orders>`,
    headers: { 'X-Order-Event-Id': event.eventId },
  };
}

/** Formats minor units in the currency's own number of decimals: 2500 USD is $25.00, 2500 JPY is ¥2,500. */
function moneyFormat(currency: string): (minorUnits: number) => string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return (minorUnits) => format.format(minorUnits / 10 ** digits);
}

function escape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
