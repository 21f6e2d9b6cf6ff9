import type { Knex } from 'knex';
import type { OrderId } from '../src/domain/model/values/order-id.js';
import type { OrderPosition } from '../src/domain/model/values/order-cursor.js';
import { parseCustomerId } from '../src/domain/model/values/customer-id.js';
import { parseTenantId } from '../src/domain/model/values/tenant-id.js';
import { PostgresOrderRepository } from '../src/adapters/postgres/postgres-order-repository.js';
import { inTenant } from '../src/adapters/postgres/postgres-roles.js';
import type { TestDatabase } from '../test/support/postgres.js';
import { MEASURED_CUSTOMER, TENANT } from './growth-data.js';

/** The three measured requests, as the table and the plans name them. */
export const QUERIES = {
  firstPage: `GET /orders?customerId=${MEASURED_CUSTOMER}&limit=20 (first page)`,
  deepPage: `GET /orders?customerId=${MEASURED_CUSTOMER}&limit=20&cursor=… (50th page)`,
  order: 'GET /orders/{id}',
} as const;

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of the statements behind the three measured requests, as the repository sends them,
 * run as it runs them (orders_service, bound to the tenant, in a transaction), with a check that each walks an index
 * and sorts nothing.
 */

export interface Statement {
  readonly sql: string;
  readonly bindings: readonly Knex.Value[];
}

/** A read, the statement the repository sends for it, and the index its plan must walk. */
export interface Read {
  readonly query: string;
  readonly index: string;
  readonly statement: Statement;
}

export interface Plan extends Read {
  readonly plan: string;
}

/** What the measured requests ask of the repository; the list asks one row more than the page, as ListOrders does. */
export interface Reads {
  readonly firstPage: { readonly limit: number };
  readonly deepPage: { readonly limit: number; readonly after: OrderPosition };
  readonly order: OrderId;
}

/**
 * THE STATEMENTS EXPLAINED: what PostgresOrderRepository sends for each read, captured from knex's `query` events
 * while the repository itself serves it (the tenant-binding statement of inTenant left out). Should a read become a
 * call of a database function, the plan of the call hides the function's own statements: give their SQL here instead.
 */
export async function repositoryStatements(db: Knex, reads: Reads): Promise<Read[]> {
  const repository = new PostgresOrderRepository(db, []);
  const tenant = parseTenantId(TENANT);
  const customer = parseCustomerId(MEASURED_CUSTOMER);
  if (!tenant.ok || !customer.ok) throw new Error(`${TENANT} or ${MEASURED_CUSTOMER} is not valid`);
  const list = { tenantId: tenant.value, customerId: customer.value };
  const capture = async (read: () => Promise<unknown>): Promise<Statement> => {
    const sent: Statement[] = [];
    const listener = (query: { sql: string; bindings?: Knex.Value[] }) => {
      if (query.bindings !== undefined && !query.sql.startsWith('select set_config(')) {
        sent.push({ sql: query.sql, bindings: query.bindings });
      }
    };
    db.on('query', listener);
    try {
      await read();
    } finally {
      db.off('query', listener);
    }
    if (sent.length !== 1) throw new Error(`expected one statement per read, the repository sent ${sent.length}`);
    return sent[0]!;
  };
  // The customer's keyset index for the pages, the primary key for one order.
  const pages = 'orders_by_customer_newest';
  return [
    {
      query: QUERIES.firstPage,
      index: pages,
      statement: await capture(() => repository.list({ ...list, ...reads.firstPage })),
    },
    {
      query: QUERIES.deepPage,
      index: pages,
      statement: await capture(() => repository.list({ ...list, ...reads.deepPage })),
    },
    {
      query: QUERIES.order,
      index: 'orders_pkey',
      statement: await capture(() => repository.findById(tenant.value, reads.order)),
    },
  ];
}

const SORT_NODE = /^\s*(->\s+)?(Incremental )?Sort\b/m;
const SEQ_SCAN = /Seq Scan on (orders|order_lines)\b/;

/** Explains each statement on `database`; throws, naming the plan, if one sorts, scans a table or misses its index. */
export async function explain(database: TestDatabase, reads: readonly Read[]): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const read of reads) {
    const { statement } = read;
    // knex's raw() numbers `?` placeholders itself: the captured text holds pg's $n, in order, and no other `?`.
    if (statement.sql.includes('?')) throw new Error(`cannot re-bind a statement holding "?": ${statement.sql}`);
    const sql = statement.sql.replace(/\$\d+/g, '?');
    const result = await inTenant(database.database.knex, TENANT, (trx) =>
      trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [...statement.bindings]),
    );
    plans.push({ ...read, plan: result.rows.map((row) => row['QUERY PLAN']).join('\n') });
  }
  const faults = plans.flatMap(({ query, index, plan }) => [
    ...(SORT_NODE.test(plan) ? [`${query}: the plan sorts`] : []),
    ...(SEQ_SCAN.test(plan) ? [`${query}: the plan scans a whole table`] : []),
    ...(plan.includes(` using ${index} on orders`) ? [] : [`${query}: the plan does not walk ${index}`]),
  ]);
  if (faults.length > 0) {
    for (const { query, plan } of plans) console.error(`\n${query}:\n${plan}`);
    throw new Error(`Plans not index-only:\n${faults.join('\n')}`);
  }
  return plans;
}
