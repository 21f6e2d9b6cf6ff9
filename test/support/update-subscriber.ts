import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

type OrderUpdated = { readonly orderUpdated: { readonly id: string; readonly version: number } };

/** The key of one change of one order: its id and the version the change gave it. */
export function changeKey(orderId: string, version: number): string {
  return `${orderId}:${version}`;
}

/**
 * A graphql-ws client subscribed to every `orderUpdated` its token may see, noting when each change first arrived.
 * It only records: what should have arrived is for the test to say.
 */
export class UpdateSubscriber {
  /** When each change first arrived (ms since the epoch), by {@link changeKey}. */
  readonly arrivals = new Map<string, number>();
  /** Errors and unexpected results the subscription reported. */
  readonly failures: string[] = [];
  private readonly client: Client;
  private readonly unsubscribe: () => void;

  /** Subscribes through `httpUrl`'s `/graphql` WebSocket; nothing acknowledges the subscription itself. */
  constructor(httpUrl: string, authorization: string) {
    this.client = createClient({
      url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      // a dropped socket must show as a failure, not be retried quietly
      retryAttempts: 0,
    });
    this.unsubscribe = this.client.subscribe<OrderUpdated>(
      { query: 'subscription { orderUpdated { id version } }' },
      {
        next: (result) => {
          const order = result.data?.orderUpdated;
          if (result.errors || !order) this.failures.push(JSON.stringify(result));
          else if (!this.arrivals.has(changeKey(order.id, order.version)))
            this.arrivals.set(changeKey(order.id, order.version), Date.now());
        },
        error: (error: unknown) => this.failures.push(error instanceof Error ? error.message : JSON.stringify(error)),
        complete: () => this.failures.push('the subscription completed'),
      },
    );
  }

  /** Waits until every one of `keys` has arrived or `timeoutMs` has passed; resolves with those still missing. */
  async waitFor(keys: readonly string[], timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let missing = keys.filter((key) => !this.arrivals.has(key));
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      missing = missing.filter((key) => !this.arrivals.has(key));
    }
    return missing;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.client.dispose();
  }
}
