import type { OrderJson } from './api-helpers.js';

/*
 * The shape of the Prism contract suite's cases: per operation of the OpenAPI document, the success and the error
 * answers a client can reach. Each case prepares what it needs directly on the service, then makes its one request
 * through Prism.
 */

export interface Call {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  /** Authorization is the staff token unless set here. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Orders in each status, made on the service for the case, and the tokens a case may send instead of staff's. */
export interface Given {
  order(status?: OrderJson['status']): Promise<OrderJson>;
  /** The nextCursor of a first page of one order. */
  cursor(): Promise<string>;
  /** Places the valid order once with this Idempotency-Key. */
  keyUsed(key: string): Promise<void>;
  readonly tokens: Readonly<Record<'customer' | 'noRole' | 'expired', string>>;
}

export interface ContractCase {
  readonly operationId: string;
  readonly what: string;
  /** The service's status. */
  readonly answer: number;
  /**
   * The document itself does not allow the request, so Prism would refuse it with its own 4xx and the service's
   * answer would go unchecked: such a request goes through a proxy that checks the answer only.
   */
  readonly forbiddenByDocument?: true;
  readonly call: (given: Given) => Promise<Call>;
}

/** A JSON body, with its Content-Type and any other headers. */
export const json = (value: unknown, headers: Readonly<Record<string, string>> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

export const plainText = { headers: { 'content-type': 'text/plain' }, body: 'cancel it' };

/** One character more than the service's body limit, 1 MiB. */
export const OVER_ONE_MIB = 'x'.repeat(1024 * 1024 + 1);

export const STALE_IF_MATCH = { 'if-match': '"99"' };
