import { randomBytes } from 'node:crypto';
import knex from 'knex';
import { PostgresDatabase } from '../../src/adapters/postgres/postgres-database.js';

/** The server the PostgreSQL suites make their databases on. */
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOW_TO_START = 'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

async function reachable(): Promise<boolean> {
  const probe = knex({
    client: 'pg',
    connection: { connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 },
  });
  try {
    await probe.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await probe.destroy();
  }
}

/**
 * Whether the PostgreSQL suites run. With CI=true a missing server fails the run;
 * elsewhere the suites skip with one line saying how to start it.
 */
export const postgresAvailable: boolean = await reachable();
if (!postgresAvailable) {
  const message = `PostgreSQL is not reachable at ${new URL(TEST_DATABASE_URL).host} (TEST_DATABASE_URL); ${HOW_TO_START}`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`Skipping the PostgreSQL suites. ${message}`);
}

/** A database of its own for one test file: created and migrated on demand, dropped at the end. */
/** SQLSTATE 40P01. */
const DEADLOCK_DETECTED = '40P01';

export class TestDatabase {
  private constructor(
    readonly url: string,
    readonly name: string,
    /** The adapter's pool: its connections act as orders_service, so they see no rows outside a tenant's transaction. */
    readonly database: PostgresDatabase,
    /** The login that owns the tables, past the row-level security policies: for setting up and inspecting rows. */
    readonly owner: knex.Knex,
  ) {}

  /** `migrated: false` leaves the database empty, for a test that migrates it step by step. */
  static async create({ migrated = true }: { migrated?: boolean } = {}): Promise<TestDatabase> {
    const name = `hexagonal_orders_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await TestDatabase.admin(async (admin) => {
      await admin.raw('CREATE DATABASE ??', [name]);
    });
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    const database = new PostgresDatabase({ url: url.toString(), poolMax: 10 });
    if (migrated) await database.migrate();
    const owner = knex({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 2 } });
    return new TestDatabase(url.toString(), name, database, owner);
  }

  /** Empties every table, keeping the schema. */
  async truncate(): Promise<void> {
    // A relay of the previous test may still hold its locks, taken in another order: PostgreSQL then aborts one of
    // the two as a deadlock. That one is this, and it may simply be retried.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.owner.raw(
          'TRUNCATE orders, order_lines, order_events, event_deliveries, idempotency_keys, processed_messages',
        );
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== DEADLOCK_DETECTED || attempt === 3) throw error;
      }
    }
  }

  async drop(): Promise<void> {
    await this.database.close();
    await this.owner.destroy();
    await TestDatabase.admin(async (admin) => {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [this.name]);
    });
  }

  private static async admin(work: (admin: knex.Knex) => Promise<void>): Promise<void> {
    const admin = knex({ client: 'pg', connection: TEST_DATABASE_URL, pool: { min: 0, max: 1 } });
    try {
      await work(admin);
    } finally {
      await admin.destroy();
    }
  }
}
