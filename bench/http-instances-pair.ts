import type { TestDatabase } from '../test/support/postgres.js';
import { measure } from './measure.js';
import { pair, type Pair } from './pair.js';
import { placeOrder } from './requests.js';
import { APP, onPostgres, start, stop } from './servers.js';
import { settings } from './settings.js';

/**
 * Pair 6: two instances of the app on one database against one of them alone, placing orders. The two share the load
 * evenly, requests and connections alike; the CPU per request is both processes', and PostgreSQL's backends' besides.
 */
export async function httpInstancesPair(database: TestDatabase): Promise<Pair> {
  console.log('6. POST /orders, PostgreSQL: 2 instances on one database vs 1');
  const first = await start(APP, onPostgres(database.url));
  const second = await start(APP, onPostgres(database.url));
  try {
    const request = placeOrder;
    const figures = await measure(
      {
        app: { name: '2 instances', server: [first, second], request, database: database.owner },
        baseline: { name: '1 instance', server: first, request, database: database.owner },
      },
      settings.postgresRequests,
    );
    return pair('6. POST /orders (PostgreSQL), 2 instances vs 1', figures, { on: 'throughput' }, 'requests/s');
  } finally {
    await stop(first);
    await stop(second);
  }
}
