import type { FastifyInstance } from 'fastify';
import { ContainerModule, type Container } from 'inversify';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../../src/app/config.js';
import { buildContainer } from '../../src/app/container.js';
import { buildServer } from '../../src/app/server.js';
import { CLOCK, type Clock } from '../../src/ports/outbound/clock.js';
import { ID_GENERATOR, type IdGenerator } from '../../src/ports/outbound/id-generator.js';
import { RETRY_SCHEDULE, type RetrySchedule } from '../../src/ports/outbound/retry-schedule.js';
import { bearerFor, speakFor, STAFF, type TokenClaims } from './tokens.js';

export interface TestAppOptions {
  /** Environment variables as SPEC §2 names them; LOG_LEVEL defaults to silent. */
  readonly env?: Readonly<Record<string, string>>;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  /** Retries sooner than production does, so outage tests need not wait a minute. */
  readonly retrySchedule?: RetrySchedule;
  /**
   * Who `app.inject` speaks for when a request sets no Authorization header: staff of the test tenant unless said;
   * null sends no token.
   */
  readonly actor?: TokenClaims | null;
  /** The request timeout of SPEC §4 (30 s), shortened by tests that let it expire. */
  readonly requestTimeoutMs?: number;
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly container: Container;
  /** The Authorization header `app.inject` adds, or null. */
  readonly authorization: string | null;
}

/**
 * The server exactly as `npm start` assembles it, ready for `app.inject`, with optional fixed time and ids. Its
 * requests carry the test actor's bearer token unless they set their own Authorization header.
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const logger = options.logger ?? pino({ level: config.service.logLevel });
  const container = buildContainer(config, logger);
  container.load(overrides(options));
  const app = await buildServer(
    container,
    options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs },
  );
  await app.ready();
  const claims = options.actor === undefined ? STAFF : options.actor;
  const authorization = claims === null ? null : await bearerFor(claims, secretOf(options.env));
  if (authorization !== null) speakFor(app, authorization);
  return { app, container, authorization };
}

/** Signs with the secret the app verifies with, when the test configured one. */
function secretOf(env: Readonly<Record<string, string>> | undefined): { secret?: string } {
  const secret = env?.AUTH_JWT_SECRET;
  return secret === undefined ? {} : { secret };
}

/** Replaces the system's time, ids and backoff with the test's, by the same typed keys the adapters bind. */
function overrides({ clock, ids, retrySchedule }: TestAppOptions): ContainerModule {
  return new ContainerModule(({ rebind }) => {
    if (clock) rebind(CLOCK).toConstantValue(clock);
    if (ids) rebind(ID_GENERATOR).toConstantValue(ids);
    if (retrySchedule) rebind(RETRY_SCHEDULE).toConstantValue(retrySchedule);
  });
}
