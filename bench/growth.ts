import { mkdirSync, writeFileSync } from 'node:fs';
import { parseOrderCursor } from '../src/domain/model/values/order-cursor.js';
import { parseOrderId } from '../src/domain/model/values/order-id.js';
import { TestDatabase } from '../test/support/postgres.js';
import { generateOrders, MEASURED_CUSTOMER, type Generation } from './growth-data.js';
import { explain, QUERIES, repositoryStatements, type Reads } from './growth-plans.js';
import { growthMarkdown, type Row } from './growth-report.js';
import { replaceSection } from './markers.js';
import { measure } from './measure.js';
import { machine } from './report.js';
import { authorization } from './requests.js';
import { APP, start, stop, type Server } from './servers.js';
import { partial, root, settings, smoke } from './settings.js';

/**
 * `npm run bench:growth`: does a read cost more as the orders pile up? The same three reads — a customer's first page,
 * their 50th page, one order by id — against a database of 10,000 orders and one of 1,000,000 (1,000 customers,
 * generated in SQL), each served by the built app; target: p99 on the large one within 1.5 × the small one's. Then
 * the plans of the large one's statements, which must walk an index and sort nothing. `--smoke` runs 2,000 against
 * 5,000 orders with few requests and writes nothing, only to keep the harness working.
 */
const SIZES = smoke ? ([2_000, 5_000] as const) : ([10_000, 1_000_000] as const);
const PAGE_SIZE = 20;
const DEEP_PAGE = 50;
const TARGET = 1.5;
// Fewer than the other PostgreSQL pairs' 10,000: six loads of each of three reads, and both databases' generation,
// still fit in a few minutes. `--requests=N` sets it for a quick look, which writes nothing.
const REQUESTS = smoke || partial ? settings.postgresRequests : 3_000;

interface Dataset {
  readonly size: number;
  readonly database: TestDatabase;
  readonly generation: Generation;
}

interface Paths {
  readonly firstPage: string;
  readonly deepPage: string;
  readonly order: string;
  readonly reads: Reads;
}

async function page(url: string, path: string): Promise<{ items: { id: string }[]; nextCursor: string | null }> {
  const response = await fetch(`${url}${path}`, { headers: { authorization } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as { items: { id: string }[]; nextCursor: string | null };
}

/** Follows nextCursor from the first page to the 50th, whose first order is the one read by id. */
async function pathsOf(server: Server): Promise<Paths> {
  const firstPage = `/orders?customerId=${MEASURED_CUSTOMER}&limit=${PAGE_SIZE}`;
  let path = firstPage;
  let cursor = '';
  for (let number = 1; number < DEEP_PAGE; number++) {
    const next = (await page(server.url, path)).nextCursor;
    if (next === null) throw new Error(`${MEASURED_CUSTOMER} has no page ${number + 1}`);
    cursor = next;
    path = `${firstPage}&cursor=${cursor}`;
  }
  const deep = await page(server.url, path);
  const after = parseOrderCursor(cursor);
  const id = parseOrderId(deep.items[0]?.id ?? '');
  if (deep.items.length !== PAGE_SIZE || !after.ok || !id.ok) throw new Error(`page ${DEEP_PAGE} is not a full page`);
  return {
    firstPage,
    deepPage: path,
    order: `/orders/${id.value}`,
    // ListOrders asks the repository for one row more than the page, to know whether another follows.
    reads: {
      firstPage: { limit: PAGE_SIZE + 1 },
      deepPage: { limit: PAGE_SIZE + 1, after: after.value },
      order: id.value,
    },
  };
}

const databases: TestDatabase[] = [];
const datasets: Dataset[] = [];
const servers: Server[] = [];
try {
  for (const size of SIZES) {
    console.log(`${size.toLocaleString('en')} orders of 1,000 customers, in SQL:`);
    const database = await TestDatabase.create();
    databases.push(database);
    datasets.push({ size, database, generation: await generateOrders(database, size) });
  }
  for (const { database } of datasets) {
    const env = { ORDERS_REPOSITORY: 'postgres', DATABASE_URL: database.url, DATABASE_MIGRATE: 'false' };
    servers.push(await start(APP, env));
  }
  const [small, large] = datasets as [Dataset, Dataset];
  const [smallServer, largeServer] = servers as [Server, Server];
  const smallPaths = await pathsOf(smallServer);
  const largePaths = await pathsOf(largeServer);

  const rows: Row[] = [];
  for (const [key, query] of Object.entries(QUERIES) as [keyof typeof QUERIES, string][]) {
    console.log(`${query}: ${small.size} vs ${large.size} orders`);
    const request = (paths: Paths) => ({ method: 'GET' as const, path: paths[key] });
    const { app: largeSide, baseline: smallSide } = await measure(
      {
        app: { name: `${large.size} orders`, server: largeServer, request: request(largePaths) },
        baseline: { name: `${small.size} orders`, server: smallServer, request: request(smallPaths) },
      },
      REQUESTS,
    );
    const ratio = largeSide.p99Ms / smallSide.p99Ms;
    rows.push({ query, small: smallSide, large: largeSide, ratio, met: ratio <= TARGET });
  }

  const plans = await explain(
    large.database,
    await repositoryStatements(large.database.database.knex, largePaths.reads),
  );
  const date = new Date().toISOString();
  const command = ['npm run bench:growth', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(
    ' ',
  );
  const generations = datasets.map(({ size, generation }) => ({ size, ...generation }));
  const { connections, warmUpShare, rounds } = settings;
  const load = { connections, warmUpShare, rounds, requests: REQUESTS };
  const report = { date, machine: machine(), command, settings: load, target: TARGET, generations, rows, plans };
  const markdown = growthMarkdown(report);
  console.log(`\n${markdown}\n`);
  for (const row of rows) {
    if (row.small.errors + row.large.errors > 0) throw new Error(`${row.query}: requests failed during the run`);
  }
  if (!smoke && !partial) {
    mkdirSync(`${root}bench/results`, { recursive: true });
    writeFileSync(`${root}bench/results/growth.json`, `${JSON.stringify(report, null, 2)}\n`);
    await replaceSection('growth', markdown);
  }
} finally {
  for (const server of servers) await stop(server);
  for (const database of databases) await database.drop();
}
