import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import knex, { type Knex } from 'knex';
import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionLossOf, type ConnectionLoss } from '../../src/adapters/postgres/connection-failure.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/** The error `step` fails with: what pg and knex really raise, not a shape written by hand. */
async function failureOf(step: () => Promise<unknown>): Promise<Error> {
  try {
    await step();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the step did not fail');
}

const ignore = (): void => undefined;
/** How the connections under test name themselves, so that only they are terminated. */
const SUBJECT = 'connection-loss-subject';

interface PoolOptions {
  readonly connectionTimeoutMillis?: number;
  readonly acquireConnectionTimeout?: number;
}

/** A pool of one connection, as the service's are made, run `work` with, then closed. */
async function withPool<T>(url: string, options: PoolOptions, work: (db: Knex, clients: Client[]) => Promise<T>) {
  const clients: Client[] = [];
  const db = knex({
    client: 'pg',
    connection: {
      connectionString: url,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 2_000,
      application_name: SUBJECT,
    },
    pool: {
      min: 0,
      max: 1,
      afterCreate: (client: Client, done: (error: Error | null, client: Client) => void) => {
        clients.push(client);
        done(null, client);
      },
    },
    acquireConnectionTimeout: options.acquireConnectionTimeout ?? 3_000,
    log: { warn: ignore, error: ignore, deprecate: ignore, debug: ignore },
  });
  try {
    return await work(db, clients);
  } finally {
    await db.destroy();
  }
}

/** A local server that does `answer` with each connection, in place of PostgreSQL; closed after `work`. */
async function withFakeServer<T>(answer: (socket: Socket) => void, work: (url: string) => Promise<T>): Promise<T> {
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `postgres://postgres@127.0.0.1:${(server.address() as AddressInfo).port}/none`;
  try {
    return await work(url);
  } finally {
    server.close();
  }
}

describe.skipIf(!postgresAvailable)('telling a lost database connection from a failed statement', () => {
  let database: TestDatabase;

  /** Terminates the one connection of `clients` from another session, once it runs `running` (if given). */
  async function terminate(clients: Client[], running?: string): Promise<void> {
    const whose = running === undefined ? "state like 'idle%'" : 'query = ?';
    const where = `datname = current_database() and application_name = '${SUBJECT}' and ${whose}`;
    let pid: number | undefined;
    while (pid === undefined) {
      const { rows } = await database.owner.raw<{ rows: { pid: number }[] }>(
        `select pid from pg_stat_activity where ${where}`,
        running === undefined ? [] : [running],
      );
      pid = rows[0]?.pid;
    }
    const ended = new Promise((resolve) => clients[0]!.once('end', resolve));
    await database.owner.raw('select pg_terminate_backend(?)', [pid]);
    await ended;
  }

  beforeAll(async () => {
    database = await TestDatabase.create({ migrated: false });
  });

  afterAll(async () => {
    await database.drop();
  });

  const SLEEP = 'select pg_sleep(5)';
  const lost: [string, ConnectionLoss, RegExp, () => Promise<Error>][] = [
    [
      'a statement whose backend was terminated (57P01)',
      'in-flight',
      /terminating connection due to administrator command/,
      () =>
        withPool(database.url, {}, (db, clients) =>
          failureOf(() => Promise.all([db.raw(SLEEP), terminate(clients, SLEEP)])),
        ),
    ],
    [
      'a transaction whose statement was terminated, its ROLLBACK then cut off',
      'in-flight',
      /^ROLLBACK - Connection terminated unexpectedly$/,
      () =>
        withPool(database.url, {}, (db, clients) =>
          failureOf(() => db.transaction((trx) => Promise.all([trx.raw(SLEEP), terminate(clients, SLEEP)]))),
        ),
    ],
    [
      'a transaction terminated while idle, at its next statement (the ROLLBACK never sent)',
      'unsent',
      /^ROLLBACK - Client has encountered a connection error and is not queryable$/,
      () =>
        withPool(database.url, {}, (db, clients) =>
          failureOf(() =>
            db.transaction(async (trx) => {
              await terminate(clients);
              await trx.raw('select 1');
            }),
          ),
        ),
    ],
    [
      'a transaction terminated while idle, at its COMMIT (never sent)',
      'unsent',
      /^COMMIT; - Client has encountered a connection error and is not queryable$/,
      () => withPool(database.url, {}, (db, clients) => failureOf(() => db.transaction(() => terminate(clients)))),
    ],
    [
      'a COMMIT whose answer the network lost',
      'in-flight',
      /^COMMIT; - Connection terminated unexpectedly$/,
      async () => {
        const target = new URL(database.url);
        const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
        const viaProxy = new URL(database.url);
        viaProxy.host = `127.0.0.1:${await proxy.open()}`;
        try {
          return await withPool(viaProxy.toString(), {}, async (db) => {
            const cut = proxy.cutConnectionAt(/COMMIT/, 'after-the-server-answers');
            const error = await failureOf(() => db.transaction((trx) => trx.raw('select 1')));
            await cut;
            return error;
          });
        } finally {
          await proxy.cut();
        }
      },
    ],
    [
      'a server that refuses the connection (ECONNREFUSED)',
      'unsent',
      /ECONNREFUSED/,
      async () => {
        const closed = await withFakeServer(
          () => undefined,
          async (url) => url,
        );
        return withPool(closed, {}, (db) => failureOf(() => db.raw('select 1')));
      },
    ],
    [
      'a server that resets the connection (ECONNRESET)',
      'in-flight',
      /ECONNRESET/,
      () =>
        withFakeServer(
          (socket) => socket.once('data', () => socket.resetAndDestroy()),
          (url) => withPool(url, {}, (db) => failureOf(() => db.raw('select 1'))),
        ),
    ],
    [
      'a server that never answers the connection (pg: timeout expired)',
      'unsent',
      /^timeout expired$/,
      () =>
        withFakeServer(
          () => undefined,
          (url) => withPool(url, { connectionTimeoutMillis: 200 }, (db) => failureOf(() => db.raw('select 1'))),
        ),
    ],
    [
      'a pool whose connections are all taken (knex: Timeout acquiring a connection)',
      'unsent',
      /Timeout acquiring a connection/,
      () =>
        withPool(database.url, { acquireConnectionTimeout: 200 }, async (db) => {
          let release = (): void => undefined;
          const holder = db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
          const error = await failureOf(() => db.raw('select 1'));
          release();
          await holder;
          return error;
        }),
    ],
  ];

  for (const [what, loss, message, produce] of lost) {
    const reach = loss === 'unsent' ? 'never sent' : 'possibly applied';
    it(`recognises ${what} as a lost connection, the statement ${reach}`, async () => {
      const error = await produce();
      expect(error.message).toMatch(message);
      expect(connectionLossOf(error)).toBe(loss);
    });
  }

  const failed: [string, (db: Knex) => Promise<Error>][] = [
    ['a syntax error (42601)', (db) => failureOf(() => db.raw('selec 1'))],
    ['a division by zero (22012)', (db) => failureOf(() => db.raw('select 1/0'))],
    [
      'a statement cancelled by its statement_timeout (57014)',
      (db) =>
        failureOf(() =>
          db.transaction(async (trx) => {
            await trx.raw('set local statement_timeout = 50');
            await trx.raw(SLEEP);
          }),
        ),
    ],
    ['an error of the service itself', async () => new Error('Order id was already taken')],
  ];

  for (const [what, produce] of failed) {
    it(`takes ${what} for a failed statement, not a lost connection`, async () => {
      const error = await withPool(database.url, {}, produce);
      expect(connectionLossOf(error)).toBeUndefined();
    });
  }
});
