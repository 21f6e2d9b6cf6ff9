import type { RawData } from 'ws';

/** A graphql-ws message as JSON: an object with a `type`, and whatever else it carries. */
export interface SocketMessage extends Record<string, unknown> {
  readonly type: unknown;
}

/**
 * The message a socket received, read as JSON, or undefined if it is not a JSON object. Reading one does not answer
 * it: mercurius still reads every message it is given, and answers a malformed one itself.
 */
export function socketMessageOf(data: RawData): SocketMessage | undefined {
  let text: string;
  if (Buffer.isBuffer(data)) text = data.toString();
  else if (Array.isArray(data)) text = Buffer.concat(data).toString();
  else text = Buffer.from(data).toString();
  try {
    const message: unknown = JSON.parse(text);
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
    return message as SocketMessage;
  } catch {
    return undefined;
  }
}
