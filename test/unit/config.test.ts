import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to SPEC §2 when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 3000,
      logLevel: 'info',
      repository: 'memory',
      databaseUrl: undefined,
      databaseMigrate: true,
      databasePoolMax: 10,
      notifiers: ['email'],
      smtpUrl: undefined,
      mailFrom: 'orders@localhost',
      kafkaBrokers: undefined,
      kafkaTopic: 'order-events',
      rateLimitMax: 1000,
      outboxRelay: true,
    });
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/orders',
      DATABASE_MIGRATE: 'false',
      ORDERS_NOTIFIERS: ' email ',
      SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
      MAIL_FROM: 'shop@example.com',
      KAFKA_BROKERS: '127.0.0.1:9092,localhost:9093',
      KAFKA_TOPIC: 'orders.v1',
      RATE_LIMIT_MAX: '0',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      logLevel: 'warn',
      databaseMigrate: false,
      notifiers: ['email'],
      smtpUrl: 'smtp://user:pass@127.0.0.1:2525',
      mailFrom: 'shop@example.com',
      kafkaBrokers: ['127.0.0.1:9092', 'localhost:9093'],
      kafkaTopic: 'orders.v1',
      rateLimitMax: 0,
    });
  });

  it('selects PostgreSQL with a DATABASE_URL and a pool size', () => {
    expect(
      loadConfig({
        ORDERS_REPOSITORY: 'postgres',
        DATABASE_URL: 'postgresql://app:pw@db.internal:6543/orders',
        DATABASE_POOL_MAX: '25',
      }),
    ).toMatchObject({
      repository: 'postgres',
      databaseUrl: 'postgresql://app:pw@db.internal:6543/orders',
      databasePoolMax: 25,
    });
  });

  it('refuses postgres without a DATABASE_URL, in one line naming both', () => {
    const problems = problemsOf({ ORDERS_REPOSITORY: 'postgres' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/DATABASE_URL.*ORDERS_REPOSITORY=postgres/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', SMTP_URL: '' })).toMatchObject({ port: 3000, smtpUrl: undefined });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '3.5'],
    ['HOST', 'my host'],
    ['LOG_LEVEL', 'loud'],
    ['ORDERS_REPOSITORY', 'mongo'],
    ['DATABASE_POOL_MAX', '0'],
    ['DATABASE_POOL_MAX', 'ten'],
    ['ORDERS_REPOSITORY', 'Memory'],
    ['DATABASE_URL', 'mysql://root@localhost/db'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_MIGRATE', 'yes'],
    ['ORDERS_NOTIFIERS', 'sms'],
    ['ORDERS_NOTIFIERS', 'email,email'],
    ['ORDERS_NOTIFIERS', ','],
    ['SMTP_URL', 'http://mail.example.com'],
    ['MAIL_FROM', 'not-an-address'],
    ['KAFKA_BROKERS', 'localhost'],
    ['KAFKA_BROKERS', 'localhost:99999'],
    ['KAFKA_TOPIC', 'bad topic'],
    ['RATE_LIMIT_MAX', '-5'],
    ['RATE_LIMIT_MAX', 'many'],
    ['OUTBOX_RELAY', 'no'],
  ])('refuses %s=%s with one line naming the variable and the value', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${name}=${JSON.stringify(value)}`);
    expect(problems[0]).toMatch(/expected .+/);
  });

  it('hides the password of a URL it refuses', () => {
    // secretlint-disable-next-line -- a made-up password: the point is that it never shows
    const [line] = problemsOf({ DATABASE_URL: 'mysql://root:s3cret@localhost/db' });
    expect(line).toContain('DATABASE_URL=');
    expect(line).not.toContain('s3cret');
  });

  it('reports every bad variable at once, one line each', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y', ORDERS_REPOSITORY: 'z' })).toHaveLength(3);
  });
});
