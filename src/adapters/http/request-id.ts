import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:~+=/-]{1,128}$/;

// A request refused by Node after its headers arrived (a body that never finished) is answered with the id its
// log lines already carry. Kept on the request itself, which is cheaper than a WeakMap entry per request.
const GIVEN = Symbol('request id');

type IdentifiedMessage = IncomingMessage & { [GIVEN]?: string };

/** The caller's X-Request-Id when it is short and safe to log, else a new UUID; the same for one request. */
export function requestIdOf(request: IdentifiedMessage): string {
  const known = request[GIVEN];
  if (known !== undefined) return known;
  const sent = request.headers['x-request-id'];
  const id = typeof sent === 'string' && SAFE_REQUEST_ID.test(sent) ? sent : newRequestId();
  request[GIVEN] = id;
  return id;
}

/** An id for an answer that has no request to take one from. */
export function newRequestId(): string {
  return randomUUID();
}
