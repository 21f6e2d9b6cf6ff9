import { DEVELOPMENT_SECRET } from '../src/adapters/http/authentication-config.js';
import { signToken } from '../src/adapters/http/token-signing.js';

/** The requests the HTTP pairs send. */

export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}

export const orderBody = JSON.stringify({
  customerId: 'c-bench',
  customerEmail: 'bench@example.com',
  items: [
    { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
    { sku: 'PEN-1', quantity: 1, unitPrice: 500 },
  ],
});

export const placeOrder: BenchRequest = { method: 'POST', path: '/orders', body: orderBody };

/**
 * A staff token of the development secret, which the app verifies (it listens on 127.0.0.1 with no AUTH_*). Both sides
 * get it, so each receives the same bytes; the baseline ignores it.
 */
export const authorization = `Bearer ${await signToken(
  { subject: 'staff-bench', tenant: 'bench', roles: ['staff'] },
  { secret: DEVELOPMENT_SECRET, ttlSeconds: 24 * 3600 },
)}`;

/** Places one order, so that a GET has something to read; answers its id. */
export async function placeOne(url: string): Promise<string> {
  const response = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: orderBody,
  });
  return ((await response.json()) as { id: string }).id;
}
