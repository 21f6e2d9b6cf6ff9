import type { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { emailModule } from '../adapters/email/email-module.js';
import { readEmailConfig } from '../adapters/email/email-config.js';
import { kafkaModule } from '../adapters/kafka/kafka-module.js';
import { readKafkaConfig } from '../adapters/kafka/kafka-config.js';
import { readMemoryConfig } from '../adapters/memory/memory-config.js';
import { memoryModule } from '../adapters/memory/memory-module.js';
import { readPostgresConfig } from '../adapters/postgres/postgres-config.js';
import { postgresModule } from '../adapters/postgres/postgres-module.js';
import type { ConfigReporter, Env } from './config-reporter.js';

/** An adapter whose variables have been read: its settings, and its module built from them. */
export interface ConfiguredAdapter {
  readonly settings: object;
  module(logger: Logger): ContainerModule;
}

/** An adapter the configuration can name: how to read its variables, and the module that wires it. */
export interface ChoosableAdapter {
  /** Throws a ConfigError (through the reporter) naming every bad variable of this adapter. */
  configure(env: Env, reporter: ConfigReporter): ConfiguredAdapter;
}

function adapter<Settings extends object>(
  read: (env: Env, options: { reporter: ConfigReporter }) => Settings,
  module: (settings: Settings, logger: Logger) => ContainerModule,
): ChoosableAdapter {
  return {
    configure: (env, reporter) => {
      const settings = read(env, { reporter });
      return { settings, module: (logger) => module(settings, logger) };
    },
  };
}

/** What ORDERS_REPOSITORY may name: where orders, their outbox and idempotency keys live. */
export const REPOSITORIES = {
  memory: adapter(readMemoryConfig, memoryModule),
  postgres: adapter(readPostgresConfig, postgresModule),
} satisfies Record<string, ChoosableAdapter>;

/** What ORDERS_NOTIFIERS may name: who hears of order events. */
export const NOTIFIERS = {
  email: adapter(readEmailConfig, emailModule),
  kafka: adapter(readKafkaConfig, kafkaModule),
} satisfies Record<string, ChoosableAdapter>;

export type RepositoryName = keyof typeof REPOSITORIES;
export type NotifierName = keyof typeof NOTIFIERS;
