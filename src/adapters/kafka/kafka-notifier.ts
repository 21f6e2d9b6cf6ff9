import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DeliveryOutcome, OrderNotifier } from '../../ports/outbound/order-notifier.js';
import type { OutboxEvent } from '../../ports/outbound/outbox-event.js';
import { orderEventMessage } from './order-event-message.js';

export interface KafkaNotifierOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly logger: Pick<Logger, 'warn' | 'info' | 'debug' | 'error'>;
}

/**
 * Publishes each event to the topic (kafkajs), keyed by order id so one order's events share a partition.
 * The producer is idempotent, and the topic is created on first use if it is missing. Each record carries the
 * `traceparent` of the request that caused its event, so that a consumer continues that trace.
 */
export class KafkaNotifier implements OrderNotifier {
  readonly name = 'kafka';
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private ready: Promise<Producer> | undefined;

  constructor(private readonly options: KafkaNotifierOptions) {
    const log = options.logger;
    this.kafka = new Kafka({
      clientId: 'hexagonal-orders',
      brokers: [...options.brokers],
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      // The outbox retries with its own backoff; kafkajs only smooths over a blip.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log: entry }) => {
          const { message, ...extra } = entry;
          if (level <= logLevel.ERROR) log.warn({ kafka: extra }, message);
          else log.debug({ kafka: extra }, message);
        },
    });
  }

  async deliver(events: readonly OutboxEvent[]): Promise<readonly DeliveryOutcome[]> {
    // Captured before sending: the delivery workers share this notifier, and by the time this batch fails the
    // other may already have replaced the producer it failed on.
    const ready = this.connect();
    try {
      const producer = await ready;
      await producer.send({ topic: this.options.topic, acks: -1, messages: events.map(orderEventMessage) });
      return events.map((event) => ({ eventId: event.eventId, delivered: true }));
    } catch (error) {
      // Start afresh next time: a restarted broker may not know this producer's id any more. Only if it is still
      // the current one, so as not to disconnect a fresh producer the other worker is sending on.
      if (this.ready === ready) await this.reset();
      // The batch is one request: none of it is acknowledged, and all of it is worth another try.
      const reason = error instanceof Error ? error.message : String(error);
      return events.map((event) => ({ eventId: event.eventId, delivered: false, permanent: false, reason }));
    }
  }

  private connect(): Promise<Producer> {
    this.ready ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        const topics = await admin.listTopics();
        if (!topics.includes(this.options.topic)) {
          await admin.createTopics({ waitForLeaders: true, topics: [{ topic: this.options.topic, numPartitions: 3 }] });
          this.options.logger.info({ topic: this.options.topic }, 'Kafka topic created');
        }
      } finally {
        await admin.disconnect();
      }
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producer = producer;
      await producer.connect();
      return producer;
    })();
    return this.ready;
  }

  private async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.ready = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.reset();
  }
}
