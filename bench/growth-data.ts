import type { TestDatabase } from '../test/support/postgres.js';

/**
 * Fills a migrated database with `size` placed orders straight in SQL, set-based (one INSERT … SELECT from
 * generate_series per table), the way the app writes them: the order, its 1–3 lines, its OrderPlaced event and its
 * delivery row for the e-mail notifier (the app's default), all of the bench token's tenant. Every value is a function
 * of the order's number g, so each table's statement derives the same order again instead of reading another table.
 */

/** The tenant of the token bench/requests.ts signs: the policies show the app only its rows. */
export const TENANT = 'bench';
/** The customer every measured request reads: 1,000 orders in every size, spread evenly over the whole period. */
export const MEASURED_CUSTOMER = 'c-0000';
const MEASURED_ORDERS = 1_000;
const CUSTOMERS = 1_000;

// Every (size / 1,000)-th order is the measured customer's; the others go round the other 999 customers.
const customer = (size: number) =>
  `CASE WHEN g % ${size / MEASURED_ORDERS} = 0 THEN '${MEASURED_CUSTOMER}'
        ELSE 'c-' || lpad((1 + g % ${CUSTOMERS - 1})::text, 4, '0') END`;
// A year of orders, evenly apart and in insertion order, as a live table's are.
const createdAt = (size: number) =>
  `date_trunc('milliseconds', timestamptz '2025-12-01 00:00:00+00' + g * (interval '365 days' / ${size}))`;
const orderId = `md5('order-' || g)::uuid`;
const LINES = 'generate_series(0, g % 3) AS line';
// Distinct per order (0, 37, 74 apart modulo 500), as order_lines_unique_sku requires.
const SKU = `'SKU-' || ((g + line * 37) % 500)`;
const QUANTITY = '1 + (g + line) % 4';
const UNIT_PRICE = '100 + (g * 13 + line * 101) % 9900';
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ordersSource = (size: number) => `
  (SELECT g, ${orderId} AS id, ${customer(size)} AS customer_id, ${createdAt(size)} AS created_at,
          (SELECT sum(${QUANTITY} * (${UNIT_PRICE})) FROM ${LINES})::integer AS total
   FROM generate_series(1, ${size}) AS g) AS o`;

const STATEMENTS: Record<string, (size: number) => string> = {
  orders: (size) => `
    INSERT INTO orders (id, tenant_id, customer_id, customer_email, currency, total, status, cancellation_reason,
                        version, created_at, updated_at)
    SELECT id, '${TENANT}', customer_id, customer_id || '@example.com', 'EUR', total, 'pending', NULL, 1,
           created_at, created_at
    FROM ${ordersSource(size)}`,
  order_lines: (size) => `
    INSERT INTO order_lines (order_id, tenant_id, line_no, sku, quantity, unit_price)
    SELECT ${orderId}, '${TENANT}', line, ${SKU}, ${QUANTITY}, ${UNIT_PRICE}
    FROM generate_series(1, ${size}) AS g CROSS JOIN LATERAL ${LINES}`,
  // The payload is the order as JSON.stringify writes its snapshot.
  order_events: (size) => `
    INSERT INTO order_events (event_id, tenant_id, order_id, order_version, type, occurred_at, payload)
    SELECT md5('event-' || g)::uuid, '${TENANT}', id, 1, 'OrderPlaced', created_at, jsonb_build_object(
      'id', id, 'tenantId', '${TENANT}', 'customerId', customer_id, 'customerEmail', customer_id || '@example.com',
      'items', (SELECT jsonb_agg(jsonb_build_object('sku', ${SKU}, 'quantity', ${QUANTITY}, 'unitPrice', ${UNIT_PRICE})
                                 ORDER BY line) FROM ${LINES}),
      'currency', 'EUR', 'total', total, 'status', 'pending', 'cancellationReason', NULL, 'version', 1,
      'createdAt', ${ISO('created_at')}, 'updatedAt', ${ISO('created_at')})
    FROM ${ordersSource(size)}`,
  // Delivered a second after it happened: a steady state, with no backlog for a relay to claim.
  event_deliveries: () => `
    INSERT INTO event_deliveries (event_id, tenant_id, notifier, status, attempts, next_attempt_at, delivered_at,
                                  order_id, order_version)
    SELECT event_id, tenant_id, 'email', 'delivered', 1, occurred_at, occurred_at + interval '1 second',
           order_id, order_version
    FROM order_events`,
};

/** Seconds each table's INSERT took, then VACUUM (ANALYZE)'s, and the rows written. */
export interface Generation {
  readonly orders: number;
  readonly lines: number;
  readonly seconds: Readonly<Record<string, number>>;
  readonly totalSeconds: number;
}

/** As the tables' owner, which the policies do not restrict: the service's role may not write these directly. */
export async function generateOrders(database: TestDatabase, size: number): Promise<Generation> {
  if (size % MEASURED_ORDERS !== 0) throw new Error(`a size must be a multiple of ${MEASURED_ORDERS}`);
  const seconds: Record<string, number> = {};
  const timed = async (name: string, sql: string) => {
    const started = performance.now();
    await database.owner.raw(sql);
    seconds[name] = (performance.now() - started) / 1000;
    console.log(`  ${name}: ${seconds[name].toFixed(1)} s`);
  };
  for (const [table, statement] of Object.entries(STATEMENTS)) await timed(table, statement(size));
  await timed('VACUUM (ANALYZE)', 'VACUUM (ANALYZE)');
  const [{ orders, lines }] = (
    await database.owner.raw<{ rows: { orders: string; lines: string }[] }>(
      'SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_lines) AS lines',
    )
  ).rows as [{ orders: string; lines: string }];
  const totalSeconds = Object.values(seconds).reduce((sum, value) => sum + value, 0);
  return { orders: Number(orders), lines: Number(lines), seconds, totalSeconds };
}
