import { cleanEnv, EnvError, makeExactValidator, type CleanOptions } from 'envalid';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** How the service itself runs, whichever adapters it uses (SPEC §2). */
export interface ServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Requests per minute per client address; 0 turns limiting off. */
  readonly rateLimitMax: number;
  /** Whether this instance delivers outbox events to the notifiers (OUTBOX_RELAY); `false` for API-only instances. */
  readonly deliversEvents: boolean;
  /**
   * Whether traces are recorded (OTEL_EXPORTER_OTLP_ENDPOINT is set): the OpenTelemetry SDK reads that variable and
   * the other OTEL_* ones itself; with it unset, nothing of tracing is loaded at all.
   */
  readonly tracing: boolean;
}

const hostName = makeExactValidator((raw) => {
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(raw)) throw new EnvError('a host name or IP address');
  return raw;
});

const integerIn = (min: number, max: number, expected: string) =>
  makeExactValidator((raw) => {
    const value = /^\d{1,10}$/.test(raw) ? Number(raw) : -1;
    if (value < min || value > max) throw new EnvError(expected);
    return value;
  });

const logLevel = makeExactValidator((raw) => {
  const level = LOG_LEVELS.find((known) => known === raw);
  if (level === undefined) throw new EnvError(`one of ${LOG_LEVELS.join(', ')}`);
  return level;
});

const trueOrFalse = makeExactValidator((raw) => {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new EnvError('true or false');
});

/** Where OTLP/HTTP traces go: the collector's base URL, to which the exporter adds /v1/traces. */
const httpUrl = makeExactValidator((raw) => {
  if (!URL.canParse(raw) || !['http:', 'https:'].includes(new URL(raw).protocol)) {
    throw new EnvError('an http:// or https:// URL, e.g. http://localhost:4318');
  }
  return raw;
});

const variables = {
  HOST: hostName({ default: '127.0.0.1' }),
  PORT: integerIn(0, 65535, 'an integer 0..65535 (0 picks a free port)')({ default: 3000 }),
  LOG_LEVEL: logLevel({ default: 'info' }),
  RATE_LIMIT_MAX: integerIn(
    0,
    1_000_000_000,
    'a whole number of requests per minute, 0 for no limit',
  )({
    default: 1000,
  }),
  OUTBOX_RELAY: trueOrFalse({ default: true }),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl({ default: undefined }),
};

/** Reads the service's own variables; the reporter hears of every bad one. */
export function readServiceConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<typeof variables>,
): ServiceConfig {
  const read = cleanEnv(env, variables, options);
  return {
    host: read.HOST,
    port: read.PORT,
    logLevel: read.LOG_LEVEL,
    rateLimitMax: read.RATE_LIMIT_MAX,
    deliversEvents: read.OUTBOX_RELAY,
    tracing: read.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined,
  };
}
