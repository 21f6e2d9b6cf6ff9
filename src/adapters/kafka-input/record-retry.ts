import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';

/** What a retry needs from the consumer: its partition held back while it waits, and the group kept aware of it. */
export interface RetryHold {
  pause(): void;
  resume(): void;
  /** Tells the group this member lives; rejects only when the group has moved on without it. */
  heartbeat(): Promise<void>;
  /** A failed attempt, before the wait for the next. */
  failed(error: unknown, attempt: number, delayMs: number): void;
}

/** The first and the longest wait between attempts at one record. */
const INITIAL_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/** The group moved on while retrying: the record is the next owner's to apply, so the attempts stop. */
class GroupMovedOn extends Error {
  constructor(override readonly cause: unknown) {
    super('the consumer group rebalanced while retrying');
  }
}

/** The service is stopping: the record is left uncommitted, for whoever reads the partition next. */
export class RetryAbandoned extends Error {
  constructor() {
    super('stopped while retrying');
  }
}

/**
 * Retries a step of one record until it succeeds, with exponential backoff (cockatiel) and no limit: a record is
 * never skipped. The first attempt runs at once; from the first failure the partition is paused, the group hears a
 * heartbeat between attempts, and a stop abandons the attempts with RetryAbandoned.
 */
export class RecordRetry {
  private readonly policy: RetryPolicy;

  constructor(private readonly stopping: AbortSignal) {
    this.policy = retry(
      handleWhen((error) => !(error instanceof GroupMovedOn)),
      {
        maxAttempts: Number.POSITIVE_INFINITY,
        backoff: new ExponentialBackoff({ initialDelay: INITIAL_DELAY_MS, maxDelay: MAX_DELAY_MS }),
      },
    );
  }

  async attempt<T>(step: () => Promise<T>, hold: RetryHold): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (this.stopping.aborted) throw new RetryAbandoned();
      hold.failed(error, 1, 0);
    }
    hold.pause();
    const listener = this.policy.onRetry(({ attempt, delay, ...reason }) =>
      hold.failed('error' in reason ? reason.error : undefined, attempt + 1, delay),
    );
    try {
      return await this.policy.execute(async () => {
        try {
          await hold.heartbeat();
        } catch (error) {
          throw new GroupMovedOn(error);
        }
        return step();
      }, this.stopping);
    } catch (error) {
      if (error instanceof GroupMovedOn) throw error.cause;
      if (this.stopping.aborted) throw new RetryAbandoned();
      throw error;
    } finally {
      listener.dispose();
      hold.resume();
    }
  }
}
