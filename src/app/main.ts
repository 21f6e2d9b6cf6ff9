import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { loadConfig, type AppConfig } from './config.js';
import { ConfigError } from './config-reporter.js';

/** SPEC §8: whatever happens after a signal, the process is gone within this time. */
const SHUTDOWN_DEADLINE_MS = 10_000;
/**
 * How long requests in flight may take to finish after a signal. A request still unfinished then (a client that
 * stalled mid-body) has its connection closed, so the rest of the shutdown runs and the process exits 0 in time.
 */
const DRAIN_MS = 7_000;

function configOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = configOrExit();
// Tracing starts before the modules of the server load, pg among them, which its instrumentation patches as they load;
// with tracing off, not even its code is loaded.
const tracing = config.service.tracing ? (await import('./tracing.js')).startTracing() : undefined;
const logger = pino({ level: config.service.logLevel, ...(tracing && { mixin: tracing.logMixin }) });
const { buildContainer } = await import('./container.js');
const { buildServer } = await import('./server.js');
const app = await buildServer(buildContainer(config, logger)).catch((error: unknown) => {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
});

closeWithGrace({ delay: SHUTDOWN_DEADLINE_MS - 500, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'shutting down after an uncaught error');
  else logger.info({ signal }, 'shutting down');
  // server.close() reaps only the connections idle at that moment; one that finishes its request later would
  // otherwise stay open for its keep-alive timeout and hold the process past its deadline.
  const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
  const stalled = setTimeout(() => app.server.closeAllConnections(), DRAIN_MS);
  try {
    await app.close();
  } finally {
    clearInterval(reaper);
    clearTimeout(stalled);
  }
  // Last, so that the spans of the requests and deliveries finished above are exported too.
  await tracing?.shutdown();
  logger.info('shut down');
});

await app.listen({ host: config.service.host, port: config.service.port });
logger.info(
  { repository: config.repository.name, notifiers: config.notifiers.map((notifier) => notifier.name) },
  'hexagonal-orders ready',
);
