import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleAll,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { DependencyCheck, DependencyStatus } from '../../ports/outbound/dependency-check.js';
import type { DeliveryOutcome, OrderNotifier } from '../../ports/outbound/order-notifier.js';

export interface CircuitBreakerOptions {
  /** Consecutive failed batches that open the circuit. */
  readonly failuresToOpen: number;
  /** How long the circuit stays open before one trial batch may pass. */
  readonly halfOpenAfterMs: number;
}

class NothingDelivered extends Error {
  constructor(readonly outcomes: readonly DeliveryOutcome[]) {
    super('no event of the batch was delivered');
  }
}

/**
 * Wraps any notifier in a circuit breaker (cockatiel): while its peer is down, batches fail at once
 * instead of each waiting for timeouts, and readiness reports the notifier unavailable.
 */
export class CircuitBreakerNotifier implements OrderNotifier, DependencyCheck {
  readonly name: string;
  readonly required = false;
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly inner: OrderNotifier,
    options: CircuitBreakerOptions = { failuresToOpen: 3, halfOpenAfterMs: 5_000 },
  ) {
    this.name = inner.name;
    this.breaker = circuitBreaker(handleAll, {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.failuresToOpen),
    });
  }

  async deliver(events: readonly OrderEvent[]): Promise<readonly DeliveryOutcome[]> {
    try {
      return await this.breaker.execute(async () => {
        const outcomes = await this.inner.deliver(events);
        // A batch in which nothing got through, for reasons worth retrying, is the peer failing.
        if (outcomes.length > 0 && outcomes.every((outcome) => !outcome.delivered && !outcome.permanent)) {
          throw new NothingDelivered(outcomes);
        }
        return outcomes;
      });
    } catch (error) {
      if (error instanceof NothingDelivered) return error.outcomes;
      if (error instanceof BrokenCircuitError) {
        return events.map((event) => ({
          eventId: event.eventId,
          delivered: false,
          permanent: false,
          reason: `the ${this.name} circuit is open`,
        }));
      }
      throw error;
    }
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
