import { Counter, Gauge, type Registry } from 'prom-client';
import { COMMAND_TYPES, type CommandType } from './order-command-record.js';

/** What became of a record: applied (or already applied), dead-lettered, or one failed attempt to be retried. */
export type RecordOutcome = 'applied' | 'dead_lettered' | 'retried';

const OUTCOMES: readonly RecordOutcome[] = ['applied', 'dead_lettered', 'retried'];

/** The Kafka input's Prometheus metrics, registered on the registry the service serves at /metrics. */
export class KafkaInputMetrics {
  private readonly messages: Counter<'type' | 'outcome'>;
  private readonly lag: Gauge<'partition'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.messages = new Counter({
      name: 'kafka_input_messages_total',
      help: 'Command records read from the input topic, by type (or unknown) and outcome: applied, dead_lettered or retried (one failed attempt).',
      labelNames: ['type', 'outcome'],
      registers,
    });
    // Each series starts at zero, so that rates and alerts have a value before the first record.
    for (const type of [...COMMAND_TYPES, 'unknown']) {
      for (const outcome of OUTCOMES) this.messages.inc({ type, outcome }, 0);
    }
    this.lag = new Gauge({
      name: 'kafka_input_consumer_lag',
      help: 'Records of the input topic not yet consumed, per partition, as of the end of its last batch.',
      labelNames: ['partition'],
      registers,
    });
  }

  /** Counts one record's outcome. */
  counted(type: CommandType | 'unknown', outcome: RecordOutcome): void {
    this.messages.inc({ type, outcome });
  }

  /** Records how far a partition is behind the end of the topic. */
  lagged(partition: number, records: number): void {
    this.lag.set({ partition: String(partition) }, records);
  }
}
