import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type EachMessagePayload,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { Logger } from 'pino';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import type { LifecycleHook } from '../../ports/outbound/lifecycle-hook.js';
import { applyOrderCommand } from './apply-order-command.js';
import type { ConsumerReadiness } from './consumer-readiness.js';
import { deadLetterMessage, type DeadLetterReason } from './dead-letter-message.js';
import type { KafkaInputConfig } from './kafka-input-config.js';
import type { KafkaInputMetrics } from './kafka-input-metrics.js';
import { parseOrderCommandRecord, type CommandType } from './order-command-record.js';
import { RecordRetry, RetryAbandoned, type RetryHold } from './record-retry.js';
import { settledWithin } from './settled-within.js';

export interface KafkaInputConsumerOptions {
  readonly config: KafkaInputConfig;
  readonly useCases: OrderUseCases;
  readonly metrics: KafkaInputMetrics;
  readonly readiness: ConsumerReadiness;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'debug' | 'error'>;
}

/** How long open() waits for the group to be joined, unless told otherwise. */
const JOIN_WAIT_MS = 5_000;

/** How long close() lets an attempt to start finish before disconnecting under it. */
const STARTING_GRACE_MS = 2_000;

/** Answers to a heartbeat that mean this member's assignment is void: kafkajs rejoins the group on them. */
const GROUP_MOVED_ON = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
]);

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
  private starting: Promise<void> = Promise.resolve();
  /** The record being handled, if any: a stop lets it finish and commit before leaving the group. */
  private inHand: Promise<void> = Promise.resolve();

  constructor(private readonly options: KafkaInputConsumerOptions) {
    const { config, logger, readiness } = options;
    this.deadLetterTopic = `${config.topic}.dlq`;
    this.retry = new RecordRetry(this.stopping.signal);
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
      // A failed send is retried by the record's own backoff, which also keeps the group's heartbeat.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
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

  /**
   * Starts consuming: creates the topics, connects, joins the group. Waits for the join a few seconds at most; a
   * broker that cannot be reached is tried again in the background, readiness saying so meanwhile.
   */
  async open(): Promise<void> {
    const joined = new Promise<void>((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    const startup = retry(handleAll, {
      maxAttempts: Number.POSITIVE_INFINITY,
      backoff: new ExponentialBackoff({ initialDelay: 500, maxDelay: 10_000 }),
    });
    startup.onRetry(({ attempt, delay, ...reason }) =>
      this.options.logger.warn(
        { err: 'error' in reason ? reason.error : undefined, attempt, delayMs: delay },
        'cannot start consuming commands; trying again',
      ),
    );
    this.starting = startup.execute(() => this.start(), this.stopping.signal).catch(() => undefined);
    await settledWithin(joined, JOIN_WAIT_MS);
    if (!this.options.readiness.isInGroup) {
      this.options.logger.warn({ group: this.options.config.group }, 'not yet in the consumer group; starting without');
    }
  }

  /**
   * Takes no further record, finishes the one in hand and commits it (a retry in progress is abandoned, uncommitted),
   * then leaves the group and disconnects. In that order: once kafkajs disconnects, its commitOffsets resolves
   * without committing anything.
   */
  async close(): Promise<void> {
    this.stopping.abort();
    // No further attempt to start follows the abort; one in flight gets a moment, not the shutdown's whole deadline.
    await settledWithin(this.starting, STARTING_GRACE_MS);
    await this.inHand;
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  /** One attempt to start: each step may be taken again after a failed attempt. */
  private async start(): Promise<void> {
    await this.createTopics();
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.config.topic, fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(payload) });
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

  /** One record: applied or dead-lettered, then its offset committed; none once stopping, left for the next owner. */
  private handle(payload: EachMessagePayload): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    const handled = this.applyAndCommit(payload);
    this.inHand = handled.catch(() => undefined);
    return handled;
  }

  /** Each step of one record retried until it succeeds. */
  private async applyAndCommit(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    const parsed = parseOrderCommandRecord(message.value);
    const type = parsed.ok ? parsed.value.type : parsed.error.type;
    const hold = this.holdOf(type, topic, partition, () => this.heartbeat(payload));
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

  /**
   * Keeps the group aware of this member while a record is retried. Rejects only when the group has moved on (the
   * partition may be someone else's now); another failure, such as a broker out of reach, lets the retries go on.
   */
  private async heartbeat(payload: EachMessagePayload): Promise<void> {
    try {
      await payload.heartbeat();
    } catch (error) {
      if (groupMovedOn(error)) throw error;
      this.options.logger.debug({ err: error }, 'heartbeat failed while retrying a command');
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

/** kafkajs's protocol errors carry the broker's error name as `type` (its class is not importable from ESM). */
function groupMovedOn(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'type' in error && GROUP_MOVED_ON.has(String(error.type));
}
