import { parseEmailAddress } from '../domain/model/values/email-address.js';

export const REPOSITORIES = ['memory', 'postgres'] as const;
export const NOTIFIERS = ['email', 'kafka'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type RepositoryName = (typeof REPOSITORIES)[number];
export type NotifierName = (typeof NOTIFIERS)[number];

/** The service's settings, read once from the environment (SPEC §2). */
export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly repository: RepositoryName;
  readonly databaseUrl: string | undefined;
  readonly databaseMigrate: boolean;
  readonly databasePoolMax: number;
  readonly notifiers: readonly NotifierName[];
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly kafkaBrokers: readonly string[] | undefined;
  readonly kafkaTopic: string;
  readonly rateLimitMax: number;
  /** Whether this instance relays the outbox to the notifiers; `false` for API-only instances beside a relaying one. */
  readonly outboxRelay: boolean;
}

/** Every bad variable, one line each: the variable, the value, and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the configuration; throws a ConfigError naming every bad value. */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T | undefined, allowed: string): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = parse(raw);
    if (value === undefined) {
      problems.push(
        `Invalid configuration: ${name}=${JSON.stringify(redact(raw))} is not allowed; expected ${allowed}`,
      );
      return fallback;
    }
    return value;
  };

  const host = read(
    'HOST',
    '127.0.0.1',
    (raw) => (/^[A-Za-z0-9.:[\]-]{1,253}$/.test(raw) ? raw : undefined),
    'a host name or IP address',
  );
  const port = read('PORT', 3000, (raw) => integerIn(raw, 0, 65535), 'an integer 0..65535 (0 picks a free port)');
  const logLevel = read(
    'LOG_LEVEL',
    'info' as AppConfig['logLevel'],
    (raw) => oneOf(raw, LOG_LEVELS),
    `one of ${LOG_LEVELS.join(', ')}`,
  );
  const repository = read(
    'ORDERS_REPOSITORY',
    'memory' as RepositoryName,
    (raw) => oneOf(raw, REPOSITORIES),
    `one of ${REPOSITORIES.join(', ')}`,
  );
  const databaseUrl = read<string | undefined>(
    'DATABASE_URL',
    undefined,
    (raw) => (urlWith(raw, ['postgres:', 'postgresql:']) ? raw : undefined),
    'a URL like postgres://user@host:5432/database',
  );
  const databaseMigrate = read('DATABASE_MIGRATE', true, (raw) => ({ true: true, false: false })[raw], 'true or false');
  const databasePoolMax = read('DATABASE_POOL_MAX', 10, (raw) => integerIn(raw, 1, 1000), 'an integer 1..1000');
  const notifiers = read<readonly NotifierName[]>(
    'ORDERS_NOTIFIERS',
    ['email'],
    (raw) => listOf(raw, NOTIFIERS),
    `a comma list of ${NOTIFIERS.join(', ')}, each at most once`,
  );
  const smtpUrl = read<string | undefined>(
    'SMTP_URL',
    undefined,
    (raw) => (urlWith(raw, ['smtp:', 'smtps:']) ? raw : undefined),
    'a URL like smtp://[user:pass@]host:port',
  );
  const mailFrom = read(
    'MAIL_FROM',
    'orders@localhost',
    (raw) => (parseEmailAddress(raw).ok || /^[A-Za-z0-9._%+-]+@localhost$/.test(raw) ? raw : undefined),
    'an e-mail address',
  );
  const kafkaBrokers = read<readonly string[] | undefined>(
    'KAFKA_BROKERS',
    undefined,
    brokerList,
    'a comma list of host:port',
  );
  const kafkaTopic = read(
    'KAFKA_TOPIC',
    'order-events',
    (raw) => (/^[A-Za-z0-9._-]{1,249}$/.test(raw) ? raw : undefined),
    "1..249 characters of A-Z, a-z, 0-9, '.', '_' or '-'",
  );
  const outboxRelay = read('OUTBOX_RELAY', true, (raw) => ({ true: true, false: false })[raw], 'true or false');
  const rateLimitMax = read(
    'RATE_LIMIT_MAX',
    1000,
    (raw) => integerIn(raw, 0, 1_000_000_000),
    'a whole number of requests per minute, 0 for no limit',
  );

  if (
    repository === 'postgres' &&
    databaseUrl === undefined &&
    !problems.some((line) => line.includes('DATABASE_URL='))
  ) {
    problems.push(
      'Invalid configuration: DATABASE_URL is not set; ORDERS_REPOSITORY=postgres requires a URL like postgres://user@host:5432/database',
    );
  }

  if (
    notifiers.includes('kafka') &&
    kafkaBrokers === undefined &&
    !problems.some((line) => line.includes('KAFKA_BROKERS='))
  ) {
    problems.push(
      'Invalid configuration: KAFKA_BROKERS is not set; ORDERS_NOTIFIERS with kafka requires a comma list of host:port',
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    logLevel,
    repository,
    databaseUrl,
    databaseMigrate,
    databasePoolMax,
    notifiers,
    smtpUrl,
    mailFrom,
    kafkaBrokers,
    kafkaTopic,
    rateLimitMax,
    outboxRelay,
  };
}

function integerIn(raw: string, min: number, max: number): number | undefined {
  if (!/^\d{1,10}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= min && value <= max ? value : undefined;
}

function oneOf<T extends string>(raw: string, allowed: readonly T[]): T | undefined {
  return allowed.find((value) => value === raw);
}

function listOf<T extends string>(raw: string, allowed: readonly T[]): T[] | undefined {
  const names = raw.split(',').map((name) => name.trim());
  const chosen = names.map((name) => oneOf(name, allowed));
  if (chosen.some((name) => name === undefined) || new Set(names).size !== names.length) return undefined;
  return chosen as T[];
}

function brokerList(raw: string): string[] | undefined {
  const brokers = raw.split(',').map((broker) => broker.trim());
  const valid = brokers.every(
    (broker) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(broker) && Number(broker.split(':')[1]) <= 65535,
  );
  return valid ? brokers : undefined;
}

function urlWith(raw: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(raw);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Hides a password in a URL before it is printed. */
function redact(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.password ? url.toString() : raw;
  } catch {
    return raw;
  }
}
