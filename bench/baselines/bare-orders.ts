import Fastify from 'fastify';
import { bodySchema, newOrder, type Body } from './order-body.js';

/**
 * The baseline of pairs 1 and 2: the same routes with no architecture — one file, a Map, no ports, no container.
 * POST validates with the same JSON schema the app's REST adapter publishes and computes the same total.
 */
const orders = new Map<string, object>();
const app = Fastify({ logger: false });

app.post<{ Body: Body }>('/orders', { schema: { body: bodySchema } }, async (request, reply) => {
  const now = new Date();
  const order = newOrder(request.body, now);
  orders.set(order.id, order);
  return reply.code(201).header('location', `/orders/${order.id}`).header('etag', '"1"').send(order);
});

app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
  const order = orders.get(request.params.id);
  if (!order) return reply.code(404).send({ code: 'ORDER_NOT_FOUND' });
  return reply.header('etag', '"1"').send(order);
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`Server listening at http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
// Exits on SIGTERM as the app does, so that a profile it was started with (npm run bench:profile) is written.
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
