import { readGraphQLConfig, type GraphQLConfig } from '../adapters/graphql/graphql-config.js';
import {
  AuthenticationConfigError,
  readAuthenticationConfig,
  type AuthenticationConfig,
} from '../adapters/http/authentication-config.js';
import { readKafkaInputConfig, type KafkaInputConfig } from '../adapters/kafka-input/kafka-input-config.js';
import { readNotifierChoice, readRepositoryChoice } from './adapter-choice.js';
import {
  NOTIFIERS,
  REPOSITORIES,
  type ChoosableAdapter,
  type ConfiguredAdapter,
  type NotifierName,
  type RepositoryName,
} from './adapter-tables.js';
import { collectProblems, ConfigError, reportProblems, setVariablesOf, type Env } from './config-reporter.js';
import { readServiceConfig, type ServiceConfig } from './service-config.js';

/** An adapter the configuration names, read and ready to be loaded. */
interface ChosenAdapter<Name extends string> extends ConfiguredAdapter {
  readonly name: Name;
}

/** The service's settings, read once from the environment (SPEC §2). */
export interface AppConfig {
  readonly service: ServiceConfig;
  /** How bearer tokens are verified (SPEC §9). */
  readonly authentication: AuthenticationConfig;
  /** The GraphQL API's cost limit (SPEC §5). */
  readonly graphql: GraphQLConfig;
  readonly repository: ChosenAdapter<RepositoryName>;
  readonly notifiers: readonly ChosenAdapter<NotifierName>[];
  /** The commands consumed from Kafka (SPEC §11); absent when KAFKA_INPUT_TOPIC is unset. */
  readonly kafkaInput?: KafkaInputConfig;
}

/**
 * Reads the service's own variables, which adapters to use, then each adapter's variables. Throws a ConfigError
 * naming every bad variable at once. Variables of an adapter that is not chosen are still checked when set, so a
 * mistake shows now rather than on the day someone switches to that adapter.
 */
export function loadConfig(rawEnv: Env): AppConfig {
  const env = setVariablesOf(rawEnv);
  const problems: string[] = [];
  const service = collectProblems(problems, () => readServiceConfig(env, { reporter: reportProblems(env) }));
  const authentication = collectProblems(problems, () => {
    try {
      return readAuthenticationConfig(env, service?.host ?? '127.0.0.1', { reporter: reportProblems(env) });
    } catch (error) {
      // A combination of variables, rather than one bad variable: still one line of its own.
      if (error instanceof AuthenticationConfigError) throw new ConfigError([error.message]);
      throw error;
    }
  });
  const graphql = collectProblems(problems, () => readGraphQLConfig(env, { reporter: reportProblems(env) }));
  const repositoryName = collectProblems(problems, () => readRepositoryChoice(env, { reporter: reportProblems(env) }));
  const notifierNames = collectProblems(problems, () => readNotifierChoice(env, { reporter: reportProblems(env) }));

  const repository = configureAdapters(
    env,
    problems,
    REPOSITORIES,
    repositoryName ? [repositoryName] : [],
    (name) => `ORDERS_REPOSITORY=${name}`,
  )[0];
  const notifiers = configureAdapters(
    env,
    problems,
    NOTIFIERS,
    notifierNames ?? [],
    (name) => `ORDERS_NOTIFIERS with ${name}`,
  );
  const kafkaInput = collectProblems(problems, () =>
    readKafkaInputConfig(env, { reporter: reportProblems(env, 'KAFKA_INPUT_TOPIC') }),
  );

  // KAFKA_BROKERS serves the notifier and the input alike: a bad value is one line, not one per reader.
  if (problems.length > 0 || !service || !authentication || !graphql || !repository) {
    throw new ConfigError([...new Set(problems)]);
  }
  return { service, authentication, graphql, repository, notifiers, ...(kafkaInput && { kafkaInput }) };
}

/**
 * Reads the variables of every adapter in the table, adding each problem to `problems`; returns the chosen ones, in
 * the order chosen. `requiredBy` says which setting puts an adapter in use, for the line about a missing variable.
 */
function configureAdapters<Name extends string>(
  env: Env,
  problems: string[],
  table: Record<Name, ChoosableAdapter>,
  chosen: readonly Name[],
  requiredBy: (name: Name) => string,
): ChosenAdapter<Name>[] {
  const configured = new Map<Name, ConfiguredAdapter>();
  for (const name of Object.keys(table) as Name[]) {
    const inUse = chosen.includes(name);
    const reporter = reportProblems(env, inUse ? requiredBy(name) : undefined);
    const adapter = collectProblems(problems, () => table[name].configure(env, reporter));
    if (adapter && inUse) configured.set(name, adapter);
  }
  return chosen.flatMap((name) => {
    const adapter = configured.get(name);
    return adapter ? [{ name, ...adapter }] : [];
  });
}
