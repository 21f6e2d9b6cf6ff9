import type { AddressInfo, Socket } from 'node:net';
import PostalMime, { decodeWords, type Address, type Email } from 'postal-mime';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerEnvelope,
  type SMTPServerError,
  type SMTPServerSession,
} from 'smtp-server';

const HOST = '127.0.0.1';
const DEFAULT_WAIT_MS = 5_000;

/** A mailbox as the message headers name it (display name decoded, `''` when there is none). */
export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

/** One header line of a received message, as sent (unfolded, encoded words left as they are). */
export interface ReceivedHeader {
  /** Lower-cased header name, e.g. `x-order-event-id`. */
  readonly key: string;
  readonly value: string;
}

/** A message the server accepted (answered DATA with 250), raw and parsed with postal-mime. */
export interface ReceivedMail {
  /** What the client said in MAIL FROM / RCPT TO; `to` holds only the recipients that were accepted. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly from: MailAddress | undefined;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string | undefined;
  readonly text: string | undefined;
  readonly html: string | undefined;
  /** The Message-ID header, angle brackets included, e.g. `<order-1@example.com>`. */
  readonly messageId: string | undefined;
  /**
   * Every header by lower-cased name, value decoded (RFC 2047 encoded words) and trimmed; for a
   * name that occurs more than once (`received`) the first, i.e. top-most, occurrence.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Every header line in message order, duplicates included, values as sent. */
  readonly headerList: readonly ReceivedHeader[];
  /** The message source as it came over DATA (dot-unstuffed), decoded as UTF-8. */
  readonly raw: string;
  /** The full postal-mime result, for anything the fields above leave out (attachments, replyTo...). */
  readonly parsed: Email;
  readonly receivedAt: Date;
}

/** The server's answer to one RCPT TO or DATA, in the order they were given. */
export type SmtpReply =
  | { readonly command: 'RCPT'; readonly address: string; readonly code: number }
  | { readonly command: 'DATA'; readonly recipients: readonly string[]; readonly code: number };

export interface FailTemporarilyOptions {
  /** Which command gets the 4xx: every RCPT TO of the transaction, or the DATA after the message. Default `'data'`. */
  readonly stage?: 'rcpt' | 'data';
  /** A 4xx reply code. Default 451. */
  readonly code?: number;
  /** Reply text; default `Temporary local problem, try again later`. */
  readonly message?: string;
  /** Fail only this many delivery attempts, then answer as `accept()` does. Default: until told otherwise. */
  readonly times?: number;
}

export interface SmtpTestServer {
  /** `smtp://127.0.0.1:PORT`, the same for the server's whole life (across `stop()`/`start()`). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Whether the server is listening now (false between `stop()` and `start()`). */
  readonly listening: boolean;
  /** Every accepted message, in the order the server accepted them. */
  readonly messages: readonly ReceivedMail[];
  /**
   * Delivery attempts seen: each mail transaction that got as far as RCPT TO counts once, however
   * it was answered (accepted, 4xx, 5xx) and however many recipients it named.
   */
  readonly attempts: number;
  /** Every RCPT TO / DATA answer given, accepted or not. */
  readonly replies: readonly SmtpReply[];
  /** Errors the server reported (client sockets that broke, a message that did not parse). */
  readonly errors: readonly Error[];

  /** Resolves with the first message (already received or still to come) that matches. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Resolves with the first `count` messages once that many have been accepted. */
  waitForCount(count: number, timeoutMs?: number): Promise<readonly ReceivedMail[]>;

  /** Answer every RCPT TO and DATA with 250 (the default). Undoes `failTemporarily` and `rejectRecipients`. */
  accept(): void;
  /** Answer each delivery attempt with a 4xx (451 unless told), a failure the sender should retry. */
  failTemporarily(options?: FailTemporarilyOptions): void;
  /** Answer RCPT TO with `550 5.1.1` for every recipient that matches (a permanent failure), 250 for the rest. */
  rejectRecipients(predicate: (address: string) => boolean): void;

  /** Outage: stop listening and destroy every open connection, so connects are refused. */
  stop(): Promise<void>;
  /** Listen again, on the same port, after a `stop()`. */
  start(): Promise<void>;
  /** Forget received messages, attempts, replies and errors, and go back to `accept()`. */
  reset(): void;
  /** Stop for good (afterAll); pending `waitFor`s are rejected. */
  close(): Promise<void>;
}

type Answering =
  | { readonly kind: 'accept' }
  | {
      readonly kind: 'fail-temporarily';
      readonly stage: 'rcpt' | 'data';
      readonly code: number;
      readonly message: string;
      remaining: number;
    }
  | { readonly kind: 'reject-recipients'; readonly predicate: (address: string) => boolean };

/** One mail transaction (MAIL FROM .. DATA): whether this delivery attempt is to fail, and where. */
interface Transaction {
  readonly failure: { readonly stage: 'rcpt' | 'data'; readonly code: number; readonly message: string } | undefined;
}

interface Waiter {
  readonly settle: (messages: readonly ReceivedMail[]) => boolean;
  readonly fail: (error: Error) => void;
}

function smtpError(code: number, message: string): SMTPServerError {
  const error: SMTPServerError = new Error(message);
  error.responseCode = code;
  return error;
}

function mailboxes(addresses: readonly (Address | undefined)[] | undefined): MailAddress[] {
  const result: MailAddress[] = [];
  for (const entry of addresses ?? []) {
    if (!entry) continue;
    if (entry.group) result.push(...entry.group.map(({ name, address }) => ({ name, address })));
    else result.push({ name: entry.name, address: entry.address });
  }
  return result;
}

function toReceivedMail(raw: Buffer, envelope: SMTPServerEnvelope, parsed: Email): ReceivedMail {
  const headers: Record<string, string> = {};
  for (const { key, value } of parsed.headers) {
    if (!(key in headers)) headers[key] = decodeWords(value).trim();
  }
  return {
    envelope: {
      from: envelope.mailFrom ? envelope.mailFrom.address : '',
      to: envelope.rcptTo.map((rcpt) => rcpt.address),
    },
    from: mailboxes([parsed.from])[0],
    to: mailboxes(parsed.to),
    cc: mailboxes(parsed.cc),
    subject: parsed.subject,
    text: parsed.text,
    html: parsed.html,
    messageId: parsed.messageId,
    headers,
    headerList: parsed.headers.map(({ key, value }) => ({ key, value })),
    raw: raw.toString('utf8'),
    parsed,
    receivedAt: new Date(),
  };
}

class RecordingSmtpServer implements SmtpTestServer {
  readonly host = HOST;
  private readonly received: ReceivedMail[] = [];
  private readonly replyLog: SmtpReply[] = [];
  private readonly errorLog: Error[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly sockets = new Set<Socket>();
  /** The answer decided for the current transaction of a connection (one envelope object per transaction). */
  private readonly transactions = new WeakMap<SMTPServerEnvelope, Transaction>();
  private answering: Answering = { kind: 'accept' };
  private attemptCount = 0;
  private server: SMTPServer | undefined;
  private boundPort = 0;
  private closed = false;

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `smtp://${this.host}:${this.boundPort}`;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  get messages(): readonly ReceivedMail[] {
    return this.received;
  }

  get attempts(): number {
    return this.attemptCount;
  }

  get replies(): readonly SmtpReply[] {
    return this.replyLog;
  }

  get errors(): readonly Error[] {
    return this.errorLog;
  }

  accept(): void {
    this.answering = { kind: 'accept' };
  }

  failTemporarily(options: FailTemporarilyOptions = {}): void {
    const code = options.code ?? 451;
    if (!Number.isInteger(code) || code < 400 || code > 499) {
      throw new RangeError(`failTemporarily needs a 4xx reply code, got ${code}`);
    }
    const times = options.times ?? Number.POSITIVE_INFINITY;
    if (!(times > 0)) throw new RangeError(`failTemporarily needs times > 0, got ${times}`);
    this.answering = {
      kind: 'fail-temporarily',
      stage: options.stage ?? 'data',
      code,
      message: options.message ?? 'Temporary local problem, try again later',
      remaining: times,
    };
  }

  rejectRecipients(predicate: (address: string) => boolean): void {
    this.answering = { kind: 'reject-recipients', predicate };
  }

  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedMail> {
    return this.wait(
      (messages) => messages.find(predicate),
      timeoutMs,
      () => 'a message matching the predicate',
    );
  }

  waitForCount(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<readonly ReceivedMail[]> {
    return this.wait(
      (messages) => (messages.length >= count ? messages.slice(0, count) : undefined),
      timeoutMs,
      () => `${count} message(s)`,
    );
  }

  async start(): Promise<void> {
    if (this.closed) throw new Error('SMTP test server is closed');
    if (this.server) return;
    const server = this.createServer();
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.server.once('error', onError);
      server.listen(this.boundPort, this.host, () => {
        server.server.off('error', onError);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closing = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closing;
  }

  reset(): void {
    this.received.length = 0;
    this.replyLog.length = 0;
    this.errorLog.length = 0;
    this.attemptCount = 0;
    this.accept();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
    const error = new Error('SMTP test server closed while a test was still waiting for mail');
    for (const waiter of this.waiters) waiter.fail(error);
    this.waiters.clear();
  }

  private createServer(): SMTPServer {
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      // no reverse DNS of 127.0.0.1 on every connect: slow, or hanging, where DNS is not there
      disableReverseLookup: true,
      // `550 5.1.1 ...` like a real MTA (smtp-server hides enhanced status codes by default)
      hideENHANCEDSTATUSCODES: false,
      // close() falls back to this long a grace period for connections stop() did not see
      closeTimeout: 1_000,
      onRcptTo: (address, session, callback) => callback(this.answerRcpt(address, session)),
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    server.on('error', (error) => this.errorLog.push(error));
    server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  /** The answer to one RCPT TO: `undefined` accepts it. The first RCPT of a transaction counts an attempt. */
  private answerRcpt(address: SMTPServerAddress, session: SMTPServerSession): SMTPServerError | undefined {
    const { failure } = this.transaction(session.envelope);
    const answering = this.answering;
    let error: SMTPServerError | undefined;
    if (failure?.stage === 'rcpt') {
      error = smtpError(failure.code, failure.message);
    } else if (answering.kind === 'reject-recipients' && answering.predicate(address.address)) {
      error = smtpError(550, `<${address.address}>: Recipient address rejected: User unknown in local recipient table`);
    }
    this.replyLog.push({ command: 'RCPT', address: address.address, code: error?.responseCode ?? 250 });
    return error;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const envelope = session.envelope;
    const recipients = envelope.rcptTo.map((rcpt) => rcpt.address);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);

    const { failure } = this.transaction(envelope);
    if (failure?.stage === 'data') {
      this.replyLog.push({ command: 'DATA', recipients, code: failure.code });
      throw smtpError(failure.code, failure.message);
    }

    let parsed: Email;
    try {
      parsed = await PostalMime.parse(raw);
    } catch (cause) {
      const error = new Error('postal-mime could not parse a received message', { cause });
      this.errorLog.push(error);
      this.replyLog.push({ command: 'DATA', recipients, code: 554 });
      throw smtpError(554, `Message could not be parsed: ${String(cause)}`);
    }
    this.received.push(toReceivedMail(raw, envelope, parsed));
    this.replyLog.push({ command: 'DATA', recipients, code: 250 });
    this.notifyWaiters();
  }

  /**
   * The state of the transaction an envelope belongs to (smtp-server makes a new envelope object
   * for each), created on first sight, i.e. at its first RCPT TO: that counts a delivery attempt and
   * is when a `failTemporarily` decides whether this attempt fails.
   */
  private transaction(envelope: SMTPServerEnvelope): Transaction {
    let state = this.transactions.get(envelope);
    if (state) return state;
    this.attemptCount += 1;
    const answering = this.answering;
    state = { failure: undefined };
    if (answering.kind === 'fail-temporarily') {
      state = { failure: { stage: answering.stage, code: answering.code, message: answering.message } };
      answering.remaining -= 1;
      if (answering.remaining <= 0) this.answering = { kind: 'accept' };
    }
    this.transactions.set(envelope, state);
    return state;
  }

  private wait<T>(
    find: (messages: readonly ReceivedMail[]) => T | undefined,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        settle: (messages) => {
          let found: T | undefined;
          try {
            found = find(messages);
          } catch (error) {
            // a predicate that throws fails its own wait, not the delivery that woke it
            waiter.fail(error instanceof Error ? error : new Error(String(error)));
            return true;
          }
          if (found === undefined) return false;
          clearTimeout(timer);
          resolve(found);
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const subjects = this.received.map((mail) => JSON.stringify(mail.subject ?? null)).join(', ');
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${describe()}; received ${this.received.length}` +
              (subjects ? `: ${subjects}` : ''),
          ),
        );
      }, timeoutMs);
      if (!waiter.settle(this.received)) this.waiters.add(waiter);
    });
  }

  private notifyWaiters(): void {
    for (const waiter of this.waiters) {
      if (waiter.settle(this.received)) this.waiters.delete(waiter);
    }
  }
}

/** Starts an SMTP server on 127.0.0.1 (a free port) that records what it accepts; `close()` it in afterAll. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const server = new RecordingSmtpServer();
  await server.start();
  return server;
}
