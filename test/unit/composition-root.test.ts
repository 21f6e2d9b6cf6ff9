import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import { loadConfig } from '../../src/app/config.js';
import { buildContainer } from '../../src/app/container.js';
import { buildServer } from '../../src/app/server.js';
import { CLOCK } from '../../src/ports/outbound/clock.js';
import { DEPENDENCY_CHECK } from '../../src/ports/outbound/dependency-check.js';
import { LIFECYCLE_HOOK } from '../../src/ports/outbound/lifecycle-hook.js';
import { ORDER_NOTIFIER } from '../../src/ports/outbound/order-notifier.js';
import { ORDER_REPOSITORY } from '../../src/ports/outbound/order-repository.js';

const silent = pino({ level: 'silent' });
const containerFor = (env: Record<string, string>) => buildContainer(loadConfig(env), silent);

describe('the composition root', () => {
  it('loads the in-memory repository and the e-mail notifier by default, and nothing else', () => {
    const container = containerFor({});
    expect(container.get(ORDER_REPOSITORY)).toBeInstanceOf(MemoryOrderRepository);
    expect(container.getAll(ORDER_NOTIFIER).map((notifier) => notifier.name)).toEqual(['email']);
    expect(container.getAll(DEPENDENCY_CHECK).map((check) => check.name)).toEqual(['repository']);
    expect(container.isBound(LIFECYCLE_HOOK)).toBe(false);
  });

  it('loads the PostgreSQL module and the notifiers ORDERS_NOTIFIERS names, in its order', async () => {
    const container = containerFor({
      ORDERS_REPOSITORY: 'postgres',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/orders',
      ORDERS_NOTIFIERS: 'kafka,email',
      KAFKA_BROKERS: '127.0.0.1:9092',
    });
    expect(container.get(ORDER_REPOSITORY)).toBeInstanceOf(PostgresOrderRepository);
    expect(container.getAll(ORDER_NOTIFIER).map((notifier) => notifier.name)).toEqual(['kafka', 'email']);
    expect(container.getAll(DEPENDENCY_CHECK).map((check) => check.name)).toEqual(['database']);
    // Nothing has connected yet: closing releases the pool it would have used.
    for (const hook of container.getAll(LIFECYCLE_HOOK)) await hook.close();
  });

  it('resolves every binding before the server exists: a missing one fails the start, naming its key', async () => {
    const container = containerFor({ LOG_LEVEL: 'silent' });
    container.unbind(CLOCK);
    await expect(buildServer(container)).rejects.toThrow(/No bindings found for service: "Clock"/);
  });

  it('starts with every binding in place', async () => {
    const app = await buildServer(containerFor({ LOG_LEVEL: 'silent' }));
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    await app.close();
  });
});
