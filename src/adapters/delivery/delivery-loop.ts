import type { Logger } from 'pino';
import type { DeliverOrderEventsUseCase } from '../../ports/inbound/deliver-order-events-use-case.js';
import type { DeliveryRecord } from '../../ports/outbound/order-outbox.js';

interface DeliveryLoopOptions {
  /** How often to look for retries that have come due; a commit wakes the loop at once. */
  readonly intervalMs: number;
  /**
   * Batches in flight at once. Claims skip each other's rows and take only an order's oldest pending event, so
   * two workers never reorder an order's events, while one's database round trips overlap the other's sending.
   * 2 when not given, as src/app/event-delivery.ts leaves it.
   */
  readonly workers?: number;
  /** Hears the records of every batch once the outbox holds them, for logs and metrics. */
  readonly onRecorded?: (notifier: string, records: readonly DeliveryRecord[]) => void;
  readonly logger: Pick<Logger, 'warn'>;
}

/**
 * Batches one worker delivers per drain at most: a bound, not a tuning knob, so that an outbox that never runs dry
 * (commits arriving as fast as they are delivered, or a batch due again at once) cannot keep a drain going forever;
 * what is left waits for the next wake or tick of the timer.
 */
const MAX_BATCHES_PER_DRAIN = 1_000;

/**
 * Drives one notifier's delivery: woken right after each commit, and by a timer for retries that come due.
 * Never two drains at once; a wake during a drain makes it go round again.
 */
export class DeliveryLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly delivery: DeliverOrderEventsUseCase,
    private readonly options: DeliveryLoopOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.intervalMs);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Stops waking; resolves when the batches in flight, if any, have been delivered and recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.workers ?? 2 }, () => this.work()));
  }

  private async work(): Promise<void> {
    const { notifier } = this.delivery;
    // Batch after batch while there is work; a batch of only retries claims nothing the second time round.
    for (let batch = 0; batch < MAX_BATCHES_PER_DRAIN && !this.stopped; batch++) {
      try {
        const records = await this.delivery.deliverDue();
        if (records.length === 0) return;
        this.options.onRecorded?.(notifier, records);
      } catch (error) {
        this.options.logger.warn({ err: error, notifier }, 'delivery failed; the timer will try again');
        return;
      }
    }
  }
}
