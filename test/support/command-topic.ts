import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** The commands of SPEC §11, by the event each leaves in the order's history once applied. */
export const EVENT_OF = {
  PaymentCaptured: 'OrderConfirmed',
  ShipmentDispatched: 'OrderShipped',
  ShipmentDelivered: 'OrderDelivered',
  OrderCancellationRequested: 'OrderCancelled',
} as const;

export type CommandType = keyof typeof EVENT_OF;

/** The JSON value of one record of the input topic (SPEC §11). */
export interface InputCommand {
  readonly messageId: string;
  readonly type: CommandType;
  readonly tenantId: string;
  readonly orderId: string;
  readonly expectedVersion?: number;
  readonly reason?: string;
}

/** A command as the broker stored it: where it lies in the topic. */
export interface SentCommand {
  readonly partition: number;
  readonly offset: number;
  readonly command: InputCommand;
}

/** A fresh command of `type` for `orderId`, with a message id of its own. */
export function commandFor(type: CommandType, tenantId: string, orderId: string): InputCommand {
  return { messageId: randomUUID(), type, tenantId, orderId };
}

/**
 * The input topic of the service as its producers see it, with the readings a test makes of it: where it ends, how
 * far a consumer group has committed, how many records its dead-letter topic holds.
 */
export class CommandTopic {
  /** Every order's commands go to one partition, so that they arrive in the order they were sent. */
  private readonly partitionOf = new Map<string, number>();

  private constructor(
    readonly topic: string,
    private readonly partitions: number,
    private readonly admin: Admin,
    private readonly producer: Producer,
  ) {}

  /** Creates `topic` with `partitions` partitions (waiting for their leaders) and connects a producer to it. */
  static async create(brokers: string, topic: string, partitions = 3): Promise<CommandTopic> {
    const kafka = new Kafka({ clientId: 'test-commands', brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return new CommandTopic(topic, partitions, admin, producer);
  }

  /** The dead-letter topic the service writes refusals to. */
  get deadLetterTopic(): string {
    return `${this.topic}.dlq`;
  }

  /** Sends the commands keyed by order, in one request, and resolves with where each was stored. */
  async send(commands: readonly InputCommand[]): Promise<SentCommand[]> {
    const placed = commands.map((command) => ({ command, partition: this.partitionFor(command.orderId) }));
    const metadata = await this.producer.send({
      topic: this.topic,
      messages: placed.map(({ command, partition }) => ({
        partition,
        key: command.orderId,
        value: JSON.stringify(command),
      })),
    });
    const next = new Map(metadata.map((entry) => [entry.partition, Number(entry.baseOffset)]));
    return placed.map(({ command, partition }) => {
      const offset = next.get(partition);
      if (offset === undefined || Number.isNaN(offset)) throw new Error(`no offset for partition ${partition}`);
      next.set(partition, offset + 1);
      return { partition, offset, command };
    });
  }

  /** The offset after the last record, by partition. */
  async ends(): Promise<Map<number, number>> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    return new Map(offsets.map((entry) => [entry.partition, Number(entry.high)]));
  }

  /** The offset `groupId` will read next, by partition: 0 where it has committed nothing. */
  async committed(groupId: string): Promise<Map<number, number>> {
    const [topic] = await this.admin.fetchOffsets({ groupId, topics: [this.topic] });
    return new Map(
      (topic?.partitions ?? []).map((entry) => [entry.partition, Math.max(0, Number(entry.offset))] as const),
    );
  }

  /** How many records the dead-letter topic holds; it must exist, as the service creates it. */
  async deadLettered(): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(this.deadLetterTopic);
    return offsets.reduce((sum, entry) => sum + Number(entry.high) - Number(entry.low), 0);
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }

  private partitionFor(orderId: string): number {
    let partition = this.partitionOf.get(orderId);
    if (partition === undefined) {
      partition = this.partitionOf.size % this.partitions;
      this.partitionOf.set(orderId, partition);
    }
    return partition;
  }
}
