import { cleanEnv, EnvError, makeExactValidator, type CleanOptions } from 'envalid';

/** The Kafka adapter's settings (SPEC §2). */
export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly topic: string;
}

const BROKER_LIST = 'a comma list of host:port';

const brokerList = makeExactValidator((raw) => {
  const brokers = raw.split(',').map((broker) => broker.trim());
  const valid = brokers.every(
    (broker) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(broker) && Number(broker.split(':')[1]) <= 65535,
  );
  if (!valid) throw new EnvError(BROKER_LIST);
  return brokers;
});

const topicName = makeExactValidator((raw) => {
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(raw)) {
    throw new EnvError("1..249 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
  }
  return raw;
});

const variables = {
  // Required: a producer needs somewhere to connect. `desc` is what the missing line quotes.
  KAFKA_BROKERS: brokerList({ desc: BROKER_LIST }),
  KAFKA_TOPIC: topicName({ default: 'order-events' }),
};

/** Reads the adapter's variables; the reporter hears of every bad or missing one. */
export function readKafkaConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<typeof variables>,
): KafkaConfig {
  const read = cleanEnv(env, variables, options);
  return { brokers: read.KAFKA_BROKERS, topic: read.KAFKA_TOPIC };
}
