import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  fallback,
  handleType,
  handleWhenResult,
  wrap,
  type CircuitBreakerPolicy,
  type IDefaultPolicyContext,
  type IPolicy,
} from 'cockatiel';
import type { DependencyCheck, DependencyStatus } from '../../ports/outbound/dependency-check.js';
import type { DeliveryOutcome, OrderNotifier } from '../../ports/outbound/order-notifier.js';
import type { OutboxEvent } from '../../ports/outbound/outbox-event.js';

export interface CircuitBreakerOptions {
  /** Consecutive failed batches that open the circuit. */
  readonly failuresToOpen: number;
  /** How long the circuit stays open before one trial batch may pass. */
  readonly halfOpenAfterMs: number;
}

/** A batch in which nothing got through, for reasons worth retrying: the peer is failing. */
function nothingGotThrough(result: unknown): boolean {
  const outcomes = result as readonly DeliveryOutcome[];
  return outcomes.length > 0 && outcomes.every((outcome) => !outcome.delivered && !outcome.permanent);
}

/**
 * Wraps any notifier in a circuit breaker (cockatiel): while its peer is down, batches fail at once instead of each
 * waiting for timeouts, and readiness reports the notifier unavailable. Failure is read from the outcomes, and an
 * open circuit answers with outcomes too (cockatiel's fallback), so no exception steers anything here.
 */
export class CircuitBreakerNotifier implements OrderNotifier, DependencyCheck {
  readonly name: string;
  readonly required = false;
  private readonly breaker: CircuitBreakerPolicy;
  /** The breaker, answering null instead of BrokenCircuitError while the circuit is open. */
  private readonly guarded: IPolicy<IDefaultPolicyContext, null>;

  constructor(
    private readonly inner: OrderNotifier,
    options: CircuitBreakerOptions = { failuresToOpen: 3, halfOpenAfterMs: 5_000 },
  ) {
    this.name = inner.name;
    this.breaker = circuitBreaker(handleWhenResult(nothingGotThrough), {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.failuresToOpen),
    });
    this.guarded = wrap(fallback(handleType(BrokenCircuitError), null), this.breaker);
  }

  async deliver(events: readonly OutboxEvent[]): Promise<readonly DeliveryOutcome[]> {
    // A notifier that rejects breaks its port's promise; its batch still counts as failed, not as a success that
    // would close a half-open circuit.
    const outcomes = await this.guarded.execute(() =>
      this.inner
        .deliver(events)
        .catch((error: unknown) => notDelivered(events, `the ${this.name} notifier failed: ${String(error)}`)),
    );
    return outcomes ?? notDelivered(events, `the ${this.name} circuit is open`);
  }

  async check(): Promise<DependencyStatus> {
    return this.breaker.state === CircuitState.Open
      ? { status: 'unavailable', detail: 'circuit open: deliveries wait in the outbox' }
      : { status: 'ok' };
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Every event of the batch, not delivered, worth retrying. */
function notDelivered(events: readonly OutboxEvent[], reason: string): DeliveryOutcome[] {
  return events.map((event) => ({ eventId: event.eventId, delivered: false, permanent: false, reason }));
}
