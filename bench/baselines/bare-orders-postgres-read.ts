import Fastify from 'fastify';
import knex from 'knex';

/**
 * The baseline of pair 4b: one handler reading an order as the repository did before one statement per call — in a
 * transaction bound to the service role and the tenant (BEGIN, set_config, the SELECT with the lines aggregated,
 * COMMIT: four round trips), under the same row-level security, with no architecture.
 */
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 10 } });
// The tenant of the bench's token: the order read is one the app placed.
const tenantId = 'bench';

const ITEMS = `(
  SELECT coalesce(json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity, 'unitPrice', l.unit_price)
                           ORDER BY l.line_no), '[]')
  FROM order_lines l WHERE l.order_id = orders.id AND l.tenant_id = orders.tenant_id
) AS items`;

const COLUMNS = [
  'id',
  'tenant_id',
  'customer_id',
  'customer_email',
  'currency',
  'total',
  'status',
  'cancellation_reason',
  'version',
  'created_at',
  'updated_at',
];

interface Row {
  id: string;
  customer_id: string;
  customer_email: string;
  items: unknown;
  currency: string;
  total: number;
  status: string;
  cancellation_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
  const row = await db.transaction(async (trx) => {
    await trx.raw("select set_config('role', 'orders_service', true), set_config('app.tenant_id', ?, true)", [
      tenantId,
    ]);
    return trx('orders')
      .select<Row[]>([...COLUMNS, trx.raw(ITEMS)])
      .where({ tenant_id: tenantId, id: request.params.id })
      .first<Row | undefined>();
  });
  if (!row) return reply.code(404).send({ code: 'ORDER_NOT_FOUND' });
  return reply.header('etag', `"${row.version}"`).send({
    id: row.id,
    customerId: row.customer_id,
    customerEmail: row.customer_email,
    items: row.items,
    currency: row.currency,
    total: row.total,
    status: row.status,
    cancellationReason: row.cancellation_reason,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`Server listening at http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
