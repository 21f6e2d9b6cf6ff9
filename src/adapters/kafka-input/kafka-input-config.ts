import { cleanEnv, EnvError, makeExactValidator, str, type CleanOptions } from 'envalid';

/** The Kafka input adapter's settings (SPEC §2, §11). */
export interface KafkaInputConfig {
  readonly brokers: readonly string[];
  /** Where the commands arrive; `${topic}.dlq` receives those that can never apply. */
  readonly topic: string;
  readonly group: string;
}

const BROKER_LIST = 'a comma list of host:port';

/** Kafka's limit on a topic name, less the `.dlq` the dead-letter topic adds. */
const TOPIC_MAX_LENGTH = 249 - '.dlq'.length;

const brokerList = makeExactValidator((raw) => {
  const brokers = raw.split(',').map((broker) => broker.trim());
  const valid = brokers.every(
    (broker) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(broker) && Number(broker.split(':')[1]) <= 65535,
  );
  if (!valid) throw new EnvError(BROKER_LIST);
  return brokers;
});

const topicName = makeExactValidator((raw) => {
  if (!new RegExp(`^[A-Za-z0-9._-]{1,${TOPIC_MAX_LENGTH}}$`).test(raw)) {
    throw new EnvError(`1..${TOPIC_MAX_LENGTH} characters of A-Z, a-z, 0-9, '.', '_' or '-'`);
  }
  return raw;
});

// Read together, so that a bad topic and a bad broker list are reported at once.
const variables = {
  KAFKA_INPUT_TOPIC: topicName({ default: undefined }),
  KAFKA_BROKERS: brokerList({ default: undefined }),
  KAFKA_INPUT_GROUP: str({ default: undefined }),
};

// Read again only when a topic is set without brokers, for envalid's line about a missing variable.
const requiredBrokers = { KAFKA_BROKERS: brokerList({ desc: BROKER_LIST }) };

/**
 * Reads the adapter's variables: undefined when KAFKA_INPUT_TOPIC is unset (the adapter is off). With a topic,
 * KAFKA_BROKERS is required; the reporter hears of every bad or missing variable at once.
 */
export function readKafkaInputConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<Record<string, unknown>>,
): KafkaInputConfig | undefined {
  const read = cleanEnv(env, variables, options);
  const topic = read.KAFKA_INPUT_TOPIC;
  if (topic === undefined) return undefined;
  const brokers = read.KAFKA_BROKERS ?? cleanEnv(env, requiredBrokers, options).KAFKA_BROKERS;
  return { brokers, topic, group: read.KAFKA_INPUT_GROUP ?? `${topic}-consumer` };
}
