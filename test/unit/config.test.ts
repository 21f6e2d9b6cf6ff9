import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET } from '../../src/adapters/http/authentication-config.js';
import { loadConfig, type AppConfig } from '../../src/app/config.js';
import { ConfigError } from '../../src/app/config-reporter.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** A made-up secret of the length AUTH_JWT_SECRET asks for. */
const SECRET = 'a-secret-for-tests-of-32-bytes-or-more';

/** The configuration as plain data: which adapters, with the settings each read. */
function settingsOf(config: AppConfig) {
  return {
    service: config.service,
    authentication: config.authentication,
    repository: { name: config.repository.name, settings: config.repository.settings },
    notifiers: config.notifiers.map(({ name, settings }) => ({ name, settings })),
  };
}

describe('configuration', () => {
  it('defaults to SPEC §2 when nothing is set', () => {
    expect(settingsOf(loadConfig({}))).toEqual({
      service: {
        host: '127.0.0.1',
        port: 3000,
        logLevel: 'info',
        rateLimitMax: 1000,
        deliversEvents: true,
        tracing: false,
      },
      authentication: { verifyWith: 'secret', secret: DEVELOPMENT_SECRET, development: true },
      repository: { name: 'memory', settings: { maxOrders: 100_000 } },
      notifiers: [{ name: 'email', settings: { smtpUrl: undefined, mailFrom: 'orders@localhost' } }],
    });
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '0',
      LOG_LEVEL: 'warn',
      ORDERS_REPOSITORY: 'postgres',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/orders',
      DATABASE_MIGRATE: 'false',
      ORDERS_NOTIFIERS: ' kafka , email ',
      SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
      MAIL_FROM: 'shop@example.com',
      KAFKA_BROKERS: '127.0.0.1:9092,localhost:9093',
      KAFKA_TOPIC: 'orders.v1',
      RATE_LIMIT_MAX: '0',
      OUTBOX_RELAY: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
      AUTH_JWT_SECRET: SECRET,
      AUTH_ISSUER: 'https://id.example.com/',
      AUTH_AUDIENCE: 'orders',
    });
    expect(settingsOf(config)).toEqual({
      service: { host: '0.0.0.0', port: 0, logLevel: 'warn', rateLimitMax: 0, deliversEvents: false, tracing: true },
      authentication: {
        verifyWith: 'secret',
        secret: SECRET,
        development: false,
        issuer: 'https://id.example.com/',
        audience: 'orders',
      },
      repository: {
        name: 'postgres',
        settings: { url: 'postgres://postgres@127.0.0.1:5432/orders', migrate: false, poolMax: 10 },
      },
      notifiers: [
        { name: 'kafka', settings: { brokers: ['127.0.0.1:9092', 'localhost:9093'], topic: 'orders.v1' } },
        { name: 'email', settings: { smtpUrl: 'smtp://user:pass@127.0.0.1:2525', mailFrom: 'shop@example.com' } },
      ],
    });
  });

  it('selects PostgreSQL with a DATABASE_URL and a pool size', () => {
    const { repository } = loadConfig({
      ORDERS_REPOSITORY: 'postgres',
      DATABASE_URL: 'postgresql://app:pw@db.internal:6543/orders',
      DATABASE_POOL_MAX: '25',
    });
    expect(repository).toMatchObject({
      name: 'postgres',
      settings: { url: 'postgresql://app:pw@db.internal:6543/orders', poolMax: 25 },
    });
  });

  it('caps the in-memory store at MEMORY_MAX_ORDERS, and refuses a cap that is not a whole number of orders', () => {
    expect(loadConfig({ MEMORY_MAX_ORDERS: '250' }).repository.settings).toEqual({ maxOrders: 250 });
    for (const value of ['0', '-1', 'lots', '2.5']) {
      expect(problemsOf({ MEMORY_MAX_ORDERS: value })).toEqual([
        `Invalid configuration: MEMORY_MAX_ORDERS="${value}" is not allowed; expected a whole number of orders, 1..1000000000`,
      ]);
    }
  });

  it('limits the cost of a GraphQL document to GRAPHQL_MAX_COST, 50000 unless set, and refuses a limit that is not a whole number', () => {
    expect(loadConfig({}).graphql).toEqual({ maxCost: 50_000 });
    expect(loadConfig({ GRAPHQL_MAX_COST: '31103' }).graphql).toEqual({ maxCost: 31_103 });
    for (const value of ['0', '-1', 'high', '1e5', '2.5']) {
      expect(problemsOf({ GRAPHQL_MAX_COST: value })).toEqual([
        `Invalid configuration: GRAPHQL_MAX_COST="${value}" is not allowed; expected a whole number, 1..1000000000`,
      ]);
    }
  });

  it('refuses postgres without a DATABASE_URL, in one line naming both', () => {
    const problems = problemsOf({ ORDERS_REPOSITORY: 'postgres' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/DATABASE_URL.*ORDERS_REPOSITORY=postgres/);
  });

  it('refuses kafka without KAFKA_BROKERS, in one line naming both', () => {
    const problems = problemsOf({ ORDERS_NOTIFIERS: 'email,kafka' });
    expect(problems).toEqual([
      'Invalid configuration: KAFKA_BROKERS is not set; ORDERS_NOTIFIERS with kafka requires a comma list of host:port',
    ]);
  });

  it('verifies tokens with the keys at AUTH_JWKS_URL when it is set', () => {
    const { authentication } = loadConfig({ HOST: '0.0.0.0', AUTH_JWKS_URL: 'https://id.example.com/jwks.json' });
    expect(authentication).toEqual({ verifyWith: 'jwks', jwksUrl: new URL('https://id.example.com/jwks.json') });
  });

  it('falls back to the development secret on any loopback HOST only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
      expect(loadConfig({ HOST: host }).authentication).toMatchObject({
        secret: DEVELOPMENT_SECRET,
        development: true,
      });
    }
  });

  it('refuses a HOST others can reach without AUTH_JWT_SECRET or AUTH_JWKS_URL, in one line naming both', () => {
    const problems = problemsOf({ HOST: '0.0.0.0' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/AUTH_JWT_SECRET or AUTH_JWKS_URL must be set when HOST=0\.0\.0\.0/);
  });

  it('refuses AUTH_JWT_SECRET and AUTH_JWKS_URL together', () => {
    const problems = problemsOf({ AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: 'https://id.example.com/jwks.json' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/AUTH_JWT_SECRET and AUTH_JWKS_URL are both set/);
  });

  it('refuses a secret shorter than 32 bytes without ever printing it', () => {
    const problems = problemsOf({ AUTH_JWT_SECRET: 'short-but-secret' });
    expect(problems).toEqual([
      'Invalid configuration: AUTH_JWT_SECRET=(hidden) is not allowed; expected a secret of at least 32 bytes',
    ]);
  });

  it('asks for no variable of an adapter that is not chosen', () => {
    expect(loadConfig({ ORDERS_REPOSITORY: 'memory', ORDERS_NOTIFIERS: 'email' }).repository.name).toBe('memory');
  });

  it('reports the missing and the bad variables of every chosen adapter together', () => {
    const problems = problemsOf({ ORDERS_REPOSITORY: 'postgres', ORDERS_NOTIFIERS: 'kafka', KAFKA_TOPIC: 'a b' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/DATABASE_URL is not set/);
    expect(problems.join('\n')).toMatch(/KAFKA_BROKERS is not set/);
    expect(problems.join('\n')).toMatch(/KAFKA_TOPIC="a b"/);
  });

  it('still names what the chosen repository requires when the notifier list is bad', () => {
    const problems = problemsOf({ ORDERS_REPOSITORY: 'postgres', ORDERS_NOTIFIERS: 'email,sms' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/ORDERS_NOTIFIERS="email,sms"/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL is not set/);
  });

  it('traces when OTEL_EXPORTER_OTLP_ENDPOINT names an http(s) URL, and not when it is unset or empty', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example.com:4318' }).service.tracing).toBe(
      true,
    );
    expect(loadConfig({}).service.tracing).toBe(false);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).service.tracing).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ PORT: '', SMTP_URL: '' });
    expect(config.service.port).toBe(3000);
    expect(config.notifiers[0]?.settings).toMatchObject({ smtpUrl: undefined });
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
    ['AUTH_JWKS_URL', 'ftp://id.example.com/jwks.json'],
    ['AUTH_ISSUER', ' '],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'localhost:4318'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'grpc://localhost:4317'],
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

describe('configuration of the Kafka input (SPEC §11)', () => {
  it('leaves the input off while KAFKA_INPUT_TOPIC is unset, even with brokers for the notifier', () => {
    expect(loadConfig({}).kafkaInput).toBeUndefined();
    expect(loadConfig({ ORDERS_NOTIFIERS: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092' }).kafkaInput).toBeUndefined();
  });

  it('consumes KAFKA_INPUT_TOPIC from KAFKA_BROKERS in the group {topic}-consumer unless KAFKA_INPUT_GROUP names one', () => {
    const brokers = { KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9093' };
    expect(loadConfig({ ...brokers, KAFKA_INPUT_TOPIC: 'order-commands' }).kafkaInput).toEqual({
      brokers: ['127.0.0.1:9092', 'kafka-2:9093'],
      topic: 'order-commands',
      group: 'order-commands-consumer',
    });
    expect(
      loadConfig({ ...brokers, KAFKA_INPUT_TOPIC: 'order-commands', KAFKA_INPUT_GROUP: 'orders-eu' }).kafkaInput?.group,
    ).toBe('orders-eu');
  });

  it('refuses KAFKA_INPUT_TOPIC without KAFKA_BROKERS, in one line naming both', () => {
    expect(problemsOf({ KAFKA_INPUT_TOPIC: 'order-commands' })).toEqual([
      'Invalid configuration: KAFKA_BROKERS is not set; KAFKA_INPUT_TOPIC requires a comma list of host:port',
    ]);
  });

  it('refuses a topic Kafka would refuse, or whose dead-letter topic would be too long', () => {
    const brokers = { KAFKA_BROKERS: '127.0.0.1:9092' };
    expect(problemsOf({ ...brokers, KAFKA_INPUT_TOPIC: 'order commands' })).toEqual([
      "Invalid configuration: KAFKA_INPUT_TOPIC=\"order commands\" is not allowed; expected 1..245 characters of A-Z, a-z, 0-9, '.', '_' or '-'",
    ]);
    expect(problemsOf({ ...brokers, KAFKA_INPUT_TOPIC: 'a'.repeat(245) })).toEqual([]);
    expect(problemsOf({ ...brokers, KAFKA_INPUT_TOPIC: 'a'.repeat(246) })).toHaveLength(1);
  });

  it('reports a bad topic and bad brokers together, and bad brokers once though the notifier reads them too', () => {
    const problems = problemsOf({ ORDERS_NOTIFIERS: 'kafka', KAFKA_BROKERS: 'kafka', KAFKA_INPUT_TOPIC: 'a/b' });
    expect(problems).toEqual([
      'Invalid configuration: KAFKA_BROKERS="kafka" is not allowed; expected a comma list of host:port',
      "Invalid configuration: KAFKA_INPUT_TOPIC=\"a/b\" is not allowed; expected 1..245 characters of A-Z, a-z, 0-9, '.', '_' or '-'",
    ]);
  });
});
