import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { KafkaNotifier } from '../../src/adapters/kafka/kafka-notifier.js';
import { kafkaOrSkip } from '../support/kafka-broker.js';
import { TopicReader } from '../support/kafka-consumer.js';
import { orderNotifierContract } from './order-notifier-contract.js';

const broker = await kafkaOrSkip();

orderNotifierContract(
  'kafka',
  broker &&
    (async () => {
      const topic = `order-events-${randomUUID()}`;
      const notifier = new KafkaNotifier({ brokers: [broker.brokers], topic, logger: pino({ level: 'silent' }) });
      const reader = await TopicReader.open(broker.brokers, topic);
      return {
        notifier,
        received: async () => reader.records.map((record) => record.headers['event-id'] ?? ''),
        traceParentOf: async (eventId) =>
          reader.records.find((record) => record.headers['event-id'] === eventId)?.headers.traceparent,
        stopPeer: () => broker.stop(),
        startPeer: () => broker.start(),
        teardown: async () => {
          await notifier.close();
          await reader.close().catch(() => undefined);
          await broker.destroy();
        },
      };
    }),
);
