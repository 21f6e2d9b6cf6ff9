import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export interface ConsumedRecord {
  readonly partition: number;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
  /** When this process received it, in ms since the epoch. */
  readonly receivedAt: number;
}

/** A kafkajs consumer in a group of its own, reading a topic from the beginning into `records`. */
export class TopicReader {
  readonly records: ConsumedRecord[] = [];
  private readonly consumer: Consumer;

  private constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, maxWaitTimeInMs: 50 });
  }

  /** Creates the topic if needed (waiting for its leaders), joins, and starts reading. */
  static async open(brokers: string, topic: string): Promise<TopicReader> {
    const kafka = new Kafka({ clientId: 'test-reader', brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) {
        await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
      }
    } finally {
      await admin.disconnect();
    }
    const reader = new TopicReader(kafka, topic);
    const joined = new Promise<void>((resolve) =>
      reader.consumer.on(reader.consumer.events.GROUP_JOIN, () => resolve()),
    );
    await reader.consumer.connect();
    await reader.consumer.subscribe({ topic, fromBeginning: true });
    await reader.consumer.run({
      eachMessage: async ({ partition, message }) => {
        reader.records.push({
          partition,
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: text(message.headers),
          receivedAt: Date.now(),
        });
      },
    });
    await joined;
    return reader;
  }

  /** Resolves once `predicate` holds for what has been read, or rejects after `timeoutMs`. */
  async waitUntil(predicate: (records: readonly ConsumedRecord[]) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.records)) {
      if (Date.now() > deadline)
        throw new Error(`gave up after ${timeoutMs} ms with ${this.records.length} records of ${this.topic}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}

function text(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}
