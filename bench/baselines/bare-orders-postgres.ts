import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import knex from 'knex';
import { bodySchema, newOrder, type Body } from './order-body.js';

/**
 * The baseline of pair 4: one handler writing the rows the app writes for a placed order — the order, its lines,
 * its event and a delivery row per notifier — in one transaction, with the same body schema and no architecture.
 */
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 10 } });
const notifiers = ['email'];
// The tenant column every row carries; the baseline writes as the login, so no row-level security is in its way.
const tenantId = 'bench';

const app = Fastify({ logger: false });
app.post<{ Body: Body }>('/orders', { schema: { body: bodySchema } }, async (request, reply) => {
  const now = new Date();
  const order = newOrder(request.body, now);
  const { customerEmail, currency, items } = order;
  const eventId = randomUUID();
  await db.transaction(async (trx) => {
    await trx('orders').insert({
      id: order.id,
      tenant_id: tenantId,
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
        tenant_id: tenantId,
        line_no: lineNo,
        sku: item.sku,
        quantity: item.quantity,
        unit_price: item.unitPrice,
      })),
    );
    await trx('order_events').insert({
      event_id: eventId,
      tenant_id: tenantId,
      order_id: order.id,
      order_version: 1,
      type: 'OrderPlaced',
      occurred_at: now,
      payload: JSON.stringify({ ...order, tenantId }),
    });
    await trx('event_deliveries').insert(
      notifiers.map((notifier) => ({
        event_id: eventId,
        tenant_id: tenantId,
        notifier,
        order_id: order.id,
        order_version: 1,
      })),
    );
  });
  return reply.code(201).header('location', `/orders/${order.id}`).header('etag', '"1"').send(order);
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`Server listening at http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
