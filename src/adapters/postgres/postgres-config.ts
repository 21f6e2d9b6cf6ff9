import { cleanEnv, EnvError, makeExactValidator, type CleanOptions } from 'envalid';

/** The PostgreSQL adapter's settings (SPEC §2). */
export interface PostgresConfig {
  readonly url: string;
  /** Whether pending migrations are applied at start. */
  readonly migrate: boolean;
  readonly poolMax: number;
}

const POSTGRES_URL = 'a URL like postgres://user@host:5432/database';

const postgresUrl = makeExactValidator((raw) => {
  if (!isUrlWith(raw, ['postgres:', 'postgresql:'])) throw new EnvError(POSTGRES_URL);
  return raw;
});

const trueOrFalse = makeExactValidator((raw) => {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new EnvError('true or false');
});

const poolSize = makeExactValidator((raw) => {
  const size = /^\d{1,4}$/.test(raw) ? Number(raw) : 0;
  if (size < 1 || size > 1000) throw new EnvError('an integer 1..1000');
  return size;
});

const variables = {
  // Required: without a database this adapter has nothing to serve from. `desc` is what the missing line quotes.
  DATABASE_URL: postgresUrl({ desc: POSTGRES_URL }),
  DATABASE_MIGRATE: trueOrFalse({ default: true }),
  DATABASE_POOL_MAX: poolSize({ default: 10 }),
};

/** Reads the adapter's variables; the reporter hears of every bad or missing one. */
export function readPostgresConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<typeof variables>,
): PostgresConfig {
  const read = cleanEnv(env, variables, options);
  return { url: read.DATABASE_URL, migrate: read.DATABASE_MIGRATE, poolMax: read.DATABASE_POOL_MAX };
}

function isUrlWith(raw: string, protocols: readonly string[]): boolean {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  return url !== undefined && protocols.includes(url.protocol) && url.hostname !== '';
}
