import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 answer as it came over the wire: header names in lower case. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A client speaking bytes, not HTTP: it sends exactly what a test writes (malformed, trickled, smuggled) and keeps
 * whatever the server answers until the server closes the connection.
 */
export class RawClient {
  private received = '';
  private readonly socket: Socket;
  private readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => (this.received += chunk.toString('latin1')));
    // A server that closes while bytes are still being written resets the connection: that is the test's subject.
    socket.on('error', () => undefined);
    this.closed = once(socket, 'close').then(() => undefined);
  }

  static async open(port: number): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new RawClient(socket);
  }

  write(bytes: string): void {
    if (!this.socket.destroyed) this.socket.write(bytes, 'latin1');
  }

  /** Resolves with the first `count` answers on the connection, once they have arrived. */
  async answers(count: number): Promise<RawAnswer[]> {
    while (completeAnswers(this.received).length < count) {
      if (this.socket.destroyed) throw new Error(`the connection closed after ${JSON.stringify(this.received)}`);
      await Promise.race([once(this.socket, 'data'), this.closed]);
    }
    return completeAnswers(this.received).slice(0, count);
  }

  /** Resolves once the server has closed the connection, with the answers it sent on it, in order. */
  async closedByServer(): Promise<RawAnswer[]> {
    await this.closed;
    return parseAnswers(this.received);
  }

  /** The client gives up (for tests that check a connection is still open). */
  close(): void {
    this.socket.destroy();
  }
}

/** Sends the bytes on a new connection and waits for the server to answer and close it. */
export async function exchange(port: number, bytes: string): Promise<RawAnswer[]> {
  const client = await RawClient.open(port);
  client.write(bytes);
  return client.closedByServer();
}

function parseAnswers(text: string): RawAnswer[] {
  const answers = completeAnswers(text);
  const whole = answers.reduce((length, answer) => length + answer.length, 0);
  if (whole < text.length) throw new Error(`an incomplete answer: ${JSON.stringify(text.slice(whole))}`);
  return answers.map(({ status, headers, body }) => ({ status, headers, body }));
}

/** The answers complete in `text`, each with the number of bytes it took. */
function completeAnswers(text: string): (RawAnswer & { readonly length: number })[] {
  const answers: (RawAnswer & { readonly length: number })[] = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine = '', ...lines] = rest.slice(0, end).split('\r\n');
    const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine);
    if (!status?.[1]) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(statusLine)}`);
    const headers = Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = end + 4;
    if (rest.length < bodyStart + length) break;
    const body = rest.slice(bodyStart, bodyStart + length);
    answers.push({ status: Number(status[1]), headers, body, length: bodyStart + length });
    rest = rest.slice(bodyStart + length);
  }
  return answers;
}
