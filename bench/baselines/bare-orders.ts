import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

/**
 * The baseline of pairs 1 and 2: the same routes with no architecture — one file, a Map, no ports, no container.
 * POST validates with the same JSON schema the app's REST adapter publishes and computes the same total.
 */
const itemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sku', 'quantity', 'unitPrice'],
  properties: {
    sku: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' },
    quantity: { type: 'integer', minimum: 1, maximum: 10000 },
    unitPrice: { type: 'integer', minimum: 0, maximum: 1000000000 },
  },
} as const;
const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'customerEmail', 'items'],
  properties: {
    customerId: { type: 'string', minLength: 1, maxLength: 64 },
    customerEmail: { type: 'string', minLength: 3, maxLength: 254 },
    items: { type: 'array', minItems: 1, maxItems: 100, items: itemSchema },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', default: 'USD' },
  },
} as const;

interface Body {
  customerId: string;
  customerEmail: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
  currency: string;
}

const orders = new Map<string, object>();
const app = Fastify({ logger: false });

app.post<{ Body: Body }>('/orders', { schema: { body: bodySchema } }, async (request, reply) => {
  const now = new Date().toISOString();
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
