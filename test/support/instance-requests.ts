/** One server process among several, by the name the test gives it. */
export interface Instance {
  readonly name: string;
  readonly url: string;
}

/** A request that got an answer: its status and body, and when the whole answer had arrived. */
export interface Answered<T> {
  readonly kind: 'answered';
  readonly via: string;
  readonly status: number;
  readonly body: T;
  readonly answeredAt: number;
}

/** A request that got no answer at all because the connection failed: nothing listens, or the peer went away. */
export interface Unreachable {
  readonly kind: 'unreachable';
  readonly via: string;
  readonly reason: string;
}

export type Reply<T> = Answered<T> | Unreachable;

/** An order as the requests below read it. */
export interface PlacedOrder {
  readonly id: string;
  readonly version: number;
}

/** A wait, not a measurement: a request still unanswered after this long has hung. */
const REQUEST_TIMEOUT_MS = 60_000;

/** How undici names a connection refused, reset or closed under a request; anything else is a failure of the test. */
const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

const CONFIRM = 'mutation ($id: ID!) { confirmOrder(id: $id) { id version } }';

/** Sends one JSON request; a lost connection comes back as Unreachable, every other error is thrown. */
async function send<T>(instance: Instance, path: string, authorization: string, body: unknown): Promise<Reply<T>> {
  try {
    const response = await fetch(`${instance.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const answer = (await response.json()) as T;
    return { kind: 'answered', via: instance.name, status: response.status, body: answer, answeredAt: Date.now() };
  } catch (error) {
    const reason = connectionFailure(error);
    if (reason === undefined) throw error;
    return { kind: 'unreachable', via: instance.name, reason };
  }
}

function connectionFailure(error: unknown): string | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code !== undefined && CONNECTION_FAILURES.has(code) ? code : undefined;
}

/** `POST /orders` through this instance, for `customerId`. */
export function placeOrder(instance: Instance, authorization: string, customerId: string): Promise<Reply<PlacedOrder>> {
  return send(instance, '/orders', authorization, {
    customerId,
    customerEmail: 'ada@example.com',
    items: [
      { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
      { sku: 'PEN-1', quantity: 1, unitPrice: 500 },
    ],
  });
}

/** GraphQL `confirmOrder` through this instance; the body is the order when the mutation succeeded. */
export async function confirmOrder(
  instance: Instance,
  authorization: string,
  id: string,
): Promise<Reply<PlacedOrder | { readonly errors: unknown }>> {
  const reply = await send<{ data?: { confirmOrder: PlacedOrder } | null; errors?: unknown }>(
    instance,
    '/graphql',
    authorization,
    { query: CONFIRM, variables: { id } },
  );
  if (reply.kind === 'unreachable') return reply;
  const order = reply.body.data?.confirmOrder;
  return { ...reply, body: order ?? { errors: reply.body.errors } };
}

/** Runs `work(0)` … `work(count - 1)` with at most `limit` of them at a time. */
export async function inParallel(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
