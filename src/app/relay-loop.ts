import type { Logger } from 'pino';
import type { RelayOrderEventsUseCase } from '../ports/inbound/relay-order-events-use-case.js';

/**
 * Drives one relay: woken right after each commit, and by a timer for retries that come due.
 * Never two runs at once; a wake during a run makes it go round again.
 */
export class RelayLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly relay: RelayOrderEventsUseCase,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly intervalMs: number,
    /**
     * Batches in flight at once. Claims skip each other's rows and take only an order's oldest pending event, so
     * two workers never reorder an order's events, while one's database round trips overlap the other's sending.
     */
    private readonly workers = 2,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.intervalMs);
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

  /** Stops waking; resolves when the batch in flight, if any, has been delivered and recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    await Promise.all(Array.from({ length: this.workers }, () => this.work()));
  }

  private async work(): Promise<void> {
    // Batch after batch while there is work; a batch of only retries claims nothing the second time round.
    for (let batch = 0; batch < 1_000 && !this.stopped; batch++) {
      try {
        if ((await this.relay.runOnce()) === 0) return;
      } catch (error) {
        this.logger.warn({ err: error, notifier: this.relay.notifier }, 'relay run failed; the timer will try again');
        return;
      }
    }
  }
}
