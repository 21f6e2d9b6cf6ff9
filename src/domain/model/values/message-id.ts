import { fail, ok, type Result } from '../result.js';

/** Names one message another service sent, so that a message delivered twice changes an order once (SPEC §11). */
export type MessageId = string & { readonly brand: 'MessageId' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in any case names the message it spells in lower case. */
export function parseMessageId(raw: string): Result<MessageId, string> {
  return UUID.test(raw) ? ok(raw.toLowerCase() as MessageId) : fail('must be a UUID');
}
