import {
  confirmOrder,
  inParallel,
  placeOrder,
  type Instance,
  type PlacedOrder,
  type Reply,
} from './instance-requests.js';

/** One accepted change: the version it gave the order, through which instance, and when its answer arrived. */
export interface Change {
  readonly orderId: string;
  readonly version: number;
  readonly via: string;
  readonly answeredAt: number;
}

/** What a burst came to: the orders answered 201, every accepted change, other answers, and requests unanswered. */
export interface Burst {
  readonly placed: string[];
  readonly changes: Change[];
  readonly refused: string[];
  readonly unreachable: Extract<Reply<unknown>, { kind: 'unreachable' }>[];
}

export interface BurstOptions {
  readonly count: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** The instances, in the round-robin order; read at each request, so that one may be replaced meanwhile. */
  readonly instances: () => readonly Instance[];
  readonly authorization: string;
  /** Hears how many orders have been answered 201 so far, each time one more has. */
  readonly onPlaced?: (placed: number) => void;
}

/**
 * Places `count` orders round-robin across the instances, and confirms each through the next instance after the
 * one that placed it (REST to place, GraphQL to confirm).
 */
export async function orderBurst(options: BurstOptions): Promise<Burst> {
  const { count, concurrency, instances, authorization, onPlaced } = options;
  const outcome: Burst = { placed: [], changes: [], refused: [], unreachable: [] };
  const accepted = (reply: Reply<PlacedOrder | { errors: unknown }>, expected: number): PlacedOrder | undefined => {
    if (reply.kind === 'unreachable') outcome.unreachable.push(reply);
    else if (reply.status !== expected || !('id' in reply.body))
      outcome.refused.push(`${reply.via}: ${reply.status} ${JSON.stringify(reply.body)}`);
    else {
      outcome.changes.push({
        orderId: reply.body.id,
        version: reply.body.version,
        via: reply.via,
        answeredAt: reply.answeredAt,
      });
      return reply.body;
    }
    return undefined;
  };
  await inParallel(count, concurrency, async (index) => {
    const all = instances();
    const order = accepted(await placeOrder(all[index % all.length]!, authorization, `c-${index % 7}`), 201);
    if (!order) return;
    outcome.placed.push(order.id);
    onPlaced?.(outcome.placed.length);
    accepted(await confirmOrder(instances()[(index + 1) % all.length]!, authorization, order.id), 200);
  });
  return outcome;
}
