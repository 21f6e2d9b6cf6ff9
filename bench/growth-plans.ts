import type { Knex } from 'knex';
import pg from 'pg';
import type { OrderId } from '../src/domain/model/values/order-id.js';
import type { OrderPosition } from '../src/domain/model/values/order-cursor.js';
import { parseCustomerId } from '../src/domain/model/values/customer-id.js';
import { parseTenantId } from '../src/domain/model/values/tenant-id.js';
import { PostgresOrderRepository } from '../src/adapters/postgres/postgres-order-repository.js';
import type { TestDatabase } from '../test/support/postgres.js';
import { MEASURED_CUSTOMER, TENANT } from './growth-data.js';

/** The three measured requests, as the table and the plans name them. */
export const QUERIES = {
  firstPage: `GET /orders?customerId=${MEASURED_CUSTOMER}&limit=20 (first page)`,
  deepPage: `GET /orders?customerId=${MEASURED_CUSTOMER}&limit=20&cursor=… (50th page)`,
  order: 'GET /orders/{id}',
} as const;

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of the statements behind the three measured requests: each function call exactly as
 * the repository sends it, the statements it runs explained by auto_explain, with a check that each walks an index
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
 * The statements explained: what PostgresOrderRepository sends for each read (one call of a function of migration
 * 006), captured from knex's `query` events while the repository itself serves it.
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
      if (query.bindings !== undefined) sent.push({ sql: query.sql, bindings: query.bindings });
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

// auto_explain reports the plan of every statement a call runs, the function's own included, as a notice to the
// client: EXPLAIN of the call itself would show only a Function Scan.
const AUTO_EXPLAIN = [
  "LOAD 'auto_explain'",
  'SET auto_explain.log_min_duration = 0',
  'SET auto_explain.log_analyze = on',
  'SET auto_explain.log_buffers = on',
  'SET auto_explain.log_nested_statements = on',
  'SET auto_explain.log_level = notice',
];

/** The plans of the statements `statement` runs, the call itself left out, as auto_explain gives them. */
async function nestedPlans(url: string, statement: Statement): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const notices: string[] = [];
    for (const setting of AUTO_EXPLAIN) await client.query(setting);
    client.on('notice', (notice) => notices.push(notice.message ?? ''));
    await client.query(statement.sql, [...statement.bindings]);
    const nested = notices.filter((notice) => !notice.includes(statement.sql));
    return nested.map((notice) => notice.replace(/^duration: [\d.]+ ms\s+plan:\n/, '')).join('\n\n');
  } finally {
    await client.end();
  }
}

/**
 * Explains, with ANALYZE and BUFFERS, what each statement runs on `database`, exactly as the repository sends it; throws,
 * naming the plan, if one sorts, scans a table or misses its index.
 */
export async function explain(database: TestDatabase, reads: readonly Read[]): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const read of reads) plans.push({ ...read, plan: await nestedPlans(database.url, read.statement) });
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
