import knex, { type Knex } from 'knex';
import type { Logger } from 'pino';
import type { DependencyCheck, DependencyStatus } from '../../ports/outbound/dependency-check.js';
import { DependencyUnavailableError } from '../../ports/outbound/dependency-unavailable-error.js';
import { migrationSource } from './migration-source.js';

export interface PostgresOptions {
  readonly url: string;
  readonly poolMax: number;
  /** Where knex's own warnings go; by default, nowhere (callers hear of failures through errors). */
  readonly logger?: Pick<Logger, 'warn' | 'debug'>;
}

/** The connection pool: migrations, a readiness probe, and the translation of connection failures. */
export class PostgresDatabase implements DependencyCheck {
  readonly name = 'database';
  readonly required = true;
  readonly knex: Knex;

  constructor(options: PostgresOptions) {
    this.knex = knex({
      client: 'pg',
      connection: { connectionString: options.url, connectionTimeoutMillis: 2_000 },
      pool: { min: 0, max: options.poolMax },
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

  /** Applies pending migrations; returns the names it applied. */
  async migrate(): Promise<string[]> {
    const [, applied] = (await this.knex.migrate.latest({ migrationSource })) as [number, string[]];
    return applied;
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

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

/** Whether a failure says the server could not be reached, rather than that a statement was wrong. */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // 08: connection exception; 57P01-57P03: the server is shutting down or starting up.
    if (CONNECTION_ERRORS.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code)) return true;
  }
  return (
    error.name === 'KnexTimeoutError' ||
    /Connection terminated|connection timeout|Timeout acquiring a connection/i.test(error.message)
  );
}

/** Runs a database step, turning a connection failure into the port's DependencyUnavailableError. */
export async function reachDatabase<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isConnectionFailure(error)) throw new DependencyUnavailableError('database', { cause: error });
    throw error;
  }
}
