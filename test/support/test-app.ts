import type { FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../../src/app/config.js';
import { buildContainer, TOKENS } from '../../src/app/container.js';
import { buildServer } from '../../src/app/server.js';
import type { Clock } from '../../src/ports/outbound/clock.js';
import type { IdGenerator } from '../../src/ports/outbound/id-generator.js';
import type { RetrySchedule } from '../../src/ports/outbound/retry-schedule.js';

export interface TestAppOptions {
  /** Environment variables as SPEC §2 names them; LOG_LEVEL defaults to silent. */
  readonly env?: Readonly<Record<string, string>>;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  /** Retries sooner than production does, so outage tests need not wait a minute. */
  readonly retrySchedule?: RetrySchedule;
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly container: Container;
}

/** The server exactly as `npm start` assembles it, ready for `app.inject`, with optional fixed time and ids. */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const logger = options.logger ?? pino({ level: config.logLevel });
  const container = buildContainer(config, logger);
  if (options.clock) container.rebind<Clock>(TOKENS.Clock).toConstantValue(options.clock);
  if (options.ids) container.rebind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(options.ids);
  if (options.retrySchedule)
    container.rebind<RetrySchedule>(TOKENS.RetrySchedule).toConstantValue(options.retrySchedule);
  const app = await buildServer(container);
  await app.ready();
  return { app, container };
}
