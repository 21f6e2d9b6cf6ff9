import type { FastifyInstance } from 'fastify';
import type { Client, FormattedExecutionResult } from 'graphql-ws';
import { expect } from 'vitest';

/** How long any single wait may take before the test fails instead of hanging. */
export const WAIT_MS = 5_000;

/** Rejects with a message naming what was awaited if `promise` has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type Outcome<T> =
  | { readonly kind: 'next'; readonly result: FormattedExecutionResult<T, unknown> }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'complete' };

/** One graphql-ws subscription whose messages queue up until the test takes them, each with a bounded wait. */
export class SubscriptionQueue<T> {
  private readonly outcomes: Outcome<T>[] = [];
  private wake: (() => void) | undefined;
  readonly dispose: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown>) {
    const push = (outcome: Outcome<T>): void => {
      this.outcomes.push(outcome);
      this.wake?.();
    };
    this.dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => push({ kind: 'next', result }),
        error: (error: unknown) => push({ kind: 'error', error }),
        complete: () => push({ kind: 'complete' }),
      },
    );
  }

  /** What has arrived and not been taken yet. */
  get pending(): readonly Outcome<T>[] {
    return [...this.outcomes];
  }

  /** The next message, whatever it is; rejects after `timeoutMs`. */
  async take(timeoutMs = WAIT_MS): Promise<Outcome<T>> {
    const arrived = async (): Promise<Outcome<T>> => {
      for (;;) {
        const outcome = this.outcomes.shift();
        if (outcome) return outcome;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    };
    try {
      return await within(arrived(), timeoutMs, 'a subscription message');
    } finally {
      this.wake = undefined;
    }
  }

  /** The next result, which must be data without errors. */
  async next(timeoutMs = WAIT_MS): Promise<T> {
    const outcome = await this.take(timeoutMs);
    if (outcome.kind !== 'next') throw new Error(`expected a result, got ${describeOutcome(outcome)}`);
    expect(outcome.result.errors, JSON.stringify(outcome.result.errors)).toBeUndefined();
    const data = outcome.result.data;
    if (data === null || data === undefined)
      throw new Error(`a result without data: ${JSON.stringify(outcome.result)}`);
    return data;
  }
}

export function describeOutcome(outcome: Outcome<unknown>): string {
  if (outcome.kind === 'next') return `a result ${JSON.stringify(outcome.result)}`;
  if (outcome.kind === 'complete') return 'completion';
  const code = closeCodeOf(outcome.error);
  if (code !== undefined) return `a socket close with code ${code}`;
  return `an error ${outcome.error instanceof Error ? outcome.error.message : JSON.stringify(outcome.error)}`;
}

/** A close event as graphql-ws hands it to `error` when the socket closes under a subscription. */
export function closeCodeOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number')
    return error.code;
  return undefined;
}

/**
 * Counts the subscriptions the server has registered with its pubsub. graphql-ws has no "subscribed"
 * acknowledgement, so without this an event published right after `subscribe` could race the
 * registration; this only observes `app.graphql.pubsub.subscribe` (mercurius's public pubsub), it changes nothing.
 */
export function watchRegistrations(app: FastifyInstance): (count: number) => Promise<void> {
  const pubsub = app.graphql.pubsub as unknown as { subscribe: (...args: unknown[]) => Promise<unknown> };
  const original = pubsub.subscribe.bind(pubsub);
  let registered = 0;
  const waiters: { readonly count: number; readonly resolve: () => void }[] = [];
  pubsub.subscribe = async (...args: unknown[]): Promise<unknown> => {
    const result = await original(...args);
    registered += 1;
    for (const waiter of waiters.filter((candidate) => candidate.count <= registered)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    return result;
  };
  return (count) =>
    registered >= count
      ? Promise.resolve()
      : within(
          new Promise<void>((resolve) => waiters.push({ count, resolve })),
          WAIT_MS,
          `${count} registered subscriptions`,
        );
}
