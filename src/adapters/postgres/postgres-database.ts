import knex, { type Knex } from 'knex';
import type { Client } from 'pg';
import type { Logger } from 'pino';
import type { DependencyCheck, DependencyStatus } from '../../ports/outbound/dependency-check.js';
import { migrationSource } from './migration-source.js';
import { SERVICE_ROLE } from './postgres-roles.js';

/**
 * The advisory lock instances starting together take before migrating, one after the other. knex's own lock is a row
 * of a table it creates on first use: on an empty database two instances both create that table (one fails) or both
 * insert the row (then neither can take it), so it cannot guard the first migration on its own.
 */
const MIGRATION_LOCK = 4_817_207_093;

export interface PostgresOptions {
  readonly url: string;
  readonly poolMax: number;
  /** Where knex's own warnings go; by default, nowhere (callers hear of failures through errors). */
  readonly logger?: Pick<Logger, 'warn' | 'debug'>;
}

/**
 * The connection pool, whose connections act as orders_service: a query run outside `inTenant` or `asRelay` sees no
 * rows. Also migrations and a readiness probe.
 */
export class PostgresDatabase implements DependencyCheck {
  readonly name = 'database';
  readonly required = true;
  readonly knex: Knex;

  constructor(private readonly options: PostgresOptions) {
    this.knex = connect(options, { min: 0, max: options.poolMax, afterCreate: startAsService });
  }

  /**
   * Applies pending migrations; returns the names it applied. They run as the login itself, on a connection of their
   * own: the pool's role owns nothing, and does not exist before the first run creates it.
   */
  async migrate(): Promise<string[]> {
    // One connection holds the lock in a transaction, so a crash releases it; the other runs the migrations.
    const migrator = connect(this.options, { min: 0, max: 2 });
    try {
      return await migrator.transaction(async (lock) => {
        await lock.raw('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
        const [, applied] = (await migrator.migrate.latest({ migrationSource })) as [number, string[]];
        return applied;
      });
    } finally {
      await migrator.destroy();
    }
  }

  async check(): Promise<DependencyStatus> {
    try {
      await this.knex.raw('select 1');
      return { status: 'ok', detail: 'postgres' };
    } catch {
      return { status: 'unavailable', detail: 'postgres' };
    }
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }
}

function connect(options: PostgresOptions, pool: Knex.PoolConfig): Knex {
  return knex({
    client: 'pg',
    connection: { connectionString: options.url, connectionTimeoutMillis: 2_000 },
    pool,
    // While the server is down, callers hear 503 within seconds instead of queueing for a minute.
    acquireConnectionTimeout: 3_000,
    log: {
      warn: (message: unknown) => options.logger?.warn({ knex: String(message) }, 'database warning'),
      error: (message: unknown) => options.logger?.warn({ knex: String(message) }, 'database error'),
      deprecate: (message: unknown) => options.logger?.debug({ knex: String(message) }, 'knex deprecation'),
      debug: (message: unknown) => options.logger?.debug({ knex: String(message) }, 'knex debug'),
    },
  });
}

/** The pool's `afterCreate`: knex keeps no hold of a connection it failed to set up, so a failure closes it here. */
function startAsService(connection: Client, done: (error: Error | null, connection: Client) => void): void {
  connection.query(`SET ROLE ${SERVICE_ROLE}`).then(
    () => done(null, connection),
    (error: Error) => {
      connection.end().catch(() => undefined);
      done(error, connection);
    },
  );
}
