import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import knex from 'knex';

/**
 * The baseline of pair 4: one handler writing the rows the app writes for a placed order — the order, its lines,
 * its event and a delivery row per notifier — in one transaction, with the same body schema and no architecture.
 */
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 10 } });
const notifiers = ['email'];

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'customerEmail', 'items'],
  properties: {
    customerId: { type: 'string', minLength: 1, maxLength: 64 },
    customerEmail: { type: 'string', minLength: 3, maxLength: 254 },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sku', 'quantity', 'unitPrice'],
        properties: {
          sku: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' },
          quantity: { type: 'integer', minimum: 1, maximum: 10000 },
          unitPrice: { type: 'integer', minimum: 0, maximum: 1000000000 },
        },
      },
    },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', default: 'USD' },
  },
} as const;

interface Body {
  customerId: string;
  customerEmail: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
  currency: string;
}

const app = Fastify({ logger: false });
app.post<{ Body: Body }>('/orders', { schema: { body: bodySchema } }, async (request, reply) => {
  const now = new Date();
  const { customerId, customerEmail, items, currency } = request.body;
  const order = {
    id: randomUUID(),
    customerId: customerId.trim(),
    customerEmail,
    items,
    currency,
    total: items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const eventId = randomUUID();
  await db.transaction(async (trx) => {
    await trx('orders').insert({
      id: order.id,
      customer_id: order.customerId,
      customer_email: customerEmail,
      currency,
      total: order.total,
      status: 'pending',
      cancellation_reason: null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await trx('order_lines').insert(
      items.map((item, lineNo) => ({
        order_id: order.id,
        line_no: lineNo,
        sku: item.sku,
        quantity: item.quantity,
        unit_price: item.unitPrice,
      })),
    );
    await trx('order_events').insert({
      event_id: eventId,
      order_id: order.id,
      order_version: 1,
      type: 'OrderPlaced',
      occurred_at: now,
      payload: JSON.stringify(order),
    });
    await trx('event_deliveries').insert(
      notifiers.map((notifier) => ({ event_id: eventId, notifier, order_id: order.id, order_version: 1 })),
    );
  });
  return reply.code(201).header('location', `/orders/${order.id}`).header('etag', '"1"').send(order);
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`Server listening at http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
