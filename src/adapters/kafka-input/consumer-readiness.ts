import type { DependencyCheck, DependencyStatus } from '../../ports/outbound/dependency-check.js';

/**
 * Whether commands are being consumed, for readiness: ok while in the group and not retrying. Kept apart from the
 * consumer, which needs the use cases, since readiness is one of them.
 */
export class ConsumerReadiness implements DependencyCheck {
  readonly name = 'kafka-input';
  // Commands wait in the topic while this is down: the HTTP API still serves.
  readonly required = false;
  private joined = false;
  private retrying: string | undefined;

  async check(): Promise<DependencyStatus> {
    if (this.retrying !== undefined) return { status: 'unavailable', detail: `paused, retrying: ${this.retrying}` };
    if (!this.joined) return { status: 'unavailable', detail: 'not in the consumer group' };
    return { status: 'ok' };
  }

  /** The consumer joined its group, or left it (rebalance, stop, crash). */
  inGroup(joined: boolean): void {
    this.joined = joined;
  }

  /** A record is being retried after this failure, or (undefined) no longer is. */
  retryingAfter(reason: string | undefined): void {
    this.retrying = reason?.slice(0, 200);
  }

  /** Whether the group is joined now. */
  get isInGroup(): boolean {
    return this.joined;
  }
}
