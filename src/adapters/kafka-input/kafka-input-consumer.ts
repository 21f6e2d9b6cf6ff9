import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type EachMessagePayload,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import type { Logger } from 'pino';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import type { LifecycleHook } from '../../ports/outbound/lifecycle-hook.js';
import { applyOrderCommand } from './apply-order-command.js';
import type { ConsumerReadiness } from './consumer-readiness.js';
import { deadLetterMessage, type DeadLetterReason } from './dead-letter-message.js';
import type { KafkaInputConfig } from './kafka-input-config.js';
import type { KafkaInputMetrics } from './kafka-input-metrics.js';
import { parseOrderCommandRecord, type CommandType } from './order-command-record.js';
import { RecordRetry, RetryAbandoned, type RecordRetryOptions, type RetryHold } from './record-retry.js';

export interface KafkaInputConsumerOptions {
  readonly config: KafkaInputConfig;
  readonly useCases: OrderUseCases;
  readonly metrics: KafkaInputMetrics;
  readonly readiness: ConsumerReadiness;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'debug' | 'error'>;
  readonly backoff?: RecordRetryOptions;
  /** The longest open() waits for the group to be joined before the service starts without it. */
  readonly joinWaitMs?: number;
}

/** Partitions of the topics it creates: as the event topic has, so that one order's commands keep their order. */
const PARTITIONS = 3;

/**
 * Applies the commands of the input topic (SPEC §11) one record at a time, committing each record's offset only once
 * its change is stored or it is dead-lettered. A transient failure pauses the partition and retries the same record.
 */
export class KafkaInputConsumer implements LifecycleHook {
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly stopping = new AbortController();
  private readonly retry: RecordRetry;
  private readonly deadLetterTopic: string;

  constructor(private readonly options: KafkaInputConsumerOptions) {
    const { config, logger, readiness } = options;
    this.deadLetterTopic = `${config.topic}.dlq`;
    this.retry = new RecordRetry(this.stopping.signal, options.backoff);
    this.kafka = new Kafka({
      clientId: 'hexagonal-orders-input',
      brokers: [...config.brokers],
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log: entry }) => {
          const { message, ...extra } = entry;
          if (level <= logLevel.ERROR) logger.warn({ kafka: extra }, message);
          else logger.debug({ kafka: extra }, message);
        },
    });
    this.consumer = this.kafka.consumer({ groupId: config.group, maxWaitTimeInMs: 250 });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const { events } = this.consumer;
    this.consumer.on(events.GROUP_JOIN, () => {
      readiness.inGroup(true);
      logger.info({ topic: config.topic, group: config.group }, 'consuming commands');
    });
    for (const left of [events.REBALANCING, events.STOP, events.CRASH, events.DISCONNECT]) {
      this.consumer.on(left, () => readiness.inGroup(false));
    }
    this.consumer.on(events.END_BATCH_PROCESS, ({ payload }) =>
      options.metrics.lagged(payload.partition, Math.max(0, Number(payload.offsetLag))),
    );
  }

  /** Creates the topics, joins the group and consumes; waits for the join a few seconds at most. */
  async open(): Promise<void> {
    await this.createTopics();
    await this.producer.connect();
    await this.consumer.connect();
    const joined = new Promise<void>((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    await this.consumer.subscribe({ topic: this.options.config.topic, fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(payload) });
    let waited: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (waited = setTimeout(resolve, this.options.joinWaitMs ?? 10_000)));
    await Promise.race([joined, timeout]).finally(() => clearTimeout(waited));
    if (!this.options.readiness.isInGroup)
      this.options.logger.warn({ group: this.options.config.group }, 'not yet in the consumer group');
  }

  /** Finishes the record in hand (a retry in progress is abandoned, uncommitted), leaves the group, disconnects. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  private async createTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      const missing = [this.options.config.topic, this.deadLetterTopic].filter((topic) => !existing.includes(topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: PARTITIONS })),
        });
        this.options.logger.info({ topics: missing }, 'Kafka topics created');
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** One record: applied or dead-lettered, then its offset committed; each step retried until it succeeds. */
  private async handle(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    const parsed = parseOrderCommandRecord(message.value);
    const type = parsed.ok ? parsed.value.type : parsed.error.type;
    const hold = this.holdOf(type, topic, partition, () => payload.heartbeat());
    try {
      const refusal = parsed.ok
        ? await this.retry.attempt(async () => {
            const applied = await applyOrderCommand(this.options.useCases, parsed.value);
            return applied.ok ? undefined : { code: applied.error.code, detail: applied.error.message };
          }, hold)
        : { code: parsed.error.error.code, detail: parsed.error.error.message };
      if (refusal !== undefined) await this.retry.attempt(() => this.deadLetter(message, refusal), hold);
      const next = (BigInt(message.offset) + 1n).toString();
      await this.retry.attempt(() => this.consumer.commitOffsets([{ topic, partition, offset: next }]), hold);
      this.options.metrics.counted(type, refusal === undefined ? 'applied' : 'dead_lettered');
      if (refusal !== undefined) {
        this.options.logger.warn({ partition, offset: message.offset, ...refusal }, 'command dead-lettered');
      }
    } catch (error) {
      // Returning leaves the offset uncommitted: kafkajs commits nothing itself with autoCommit off.
      if (error instanceof RetryAbandoned) return;
      throw error;
    }
  }

  private async deadLetter(message: KafkaMessage, reason: DeadLetterReason): Promise<void> {
    await this.producer.send({ topic: this.deadLetterTopic, acks: -1, messages: [deadLetterMessage(message, reason)] });
  }

  /** How a retry holds this record's partition, and what it tells of each failed attempt. */
  private holdOf(
    type: CommandType | 'unknown',
    topic: string,
    partition: number,
    heartbeat: () => Promise<void>,
  ): RetryHold {
    return {
      pause: () => this.consumer.pause([{ topic, partitions: [partition] }]),
      resume: () => {
        this.options.readiness.retryingAfter(undefined);
        this.consumer.resume([{ topic, partitions: [partition] }]);
      },
      heartbeat,
      failed: (error: unknown, attempt: number, delayMs: number) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.options.readiness.retryingAfter(reason);
        this.options.metrics.counted(type, 'retried');
        this.options.logger.warn({ err: error, partition, attempt, delayMs }, 'cannot handle a command; retrying');
      },
    };
  }
}
