import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { DeliveryOutcome, OrderNotifier } from '../../ports/outbound/order-notifier.js';
import { renderOrderEmail } from './order-email.js';

export interface EmailNotifierOptions {
  /** `smtp://[user:pass@]host:port` (or `smtps://`); without it, each message is rendered and written to the log. */
  readonly smtpUrl?: string;
  readonly from: string;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
}

/** Tells the customer by e-mail (nodemailer): over SMTP, or into the log when no server is configured. */
export class EmailNotifier implements OrderNotifier {
  readonly name = 'email';
  private readonly transport: Transporter;
  private readonly logMode: boolean;

  constructor(private readonly options: EmailNotifierOptions) {
    this.logMode = !options.smtpUrl;
    this.transport = options.smtpUrl
      ? nodemailer.createTransport(smtpOptions(options.smtpUrl))
      : nodemailer.createTransport({ streamTransport: true, buffer: true });
  }

  async deliver(events: readonly OrderEvent[]): Promise<readonly DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    for (const [index, event] of events.entries()) {
      try {
        await this.send(event);
        outcomes.push({ eventId: event.eventId, delivered: true });
      } catch (error) {
        const code = error instanceof Error && 'responseCode' in error ? error.responseCode : undefined;
        const reason = error instanceof Error ? error.message : String(error);
        if (typeof code === 'number') {
          // 5xx: the server refused this message for good; 4xx: try again later.
          outcomes.push({ eventId: event.eventId, delivered: false, permanent: code >= 500, reason });
          continue;
        }
        // No SMTP answer at all: the server is unreachable, and the rest of the batch would fare no better.
        for (const rest of events.slice(index)) {
          outcomes.push({ eventId: rest.eventId, delivered: false, permanent: false, reason });
        }
        break;
      }
    }
    return outcomes;
  }

  private async send(event: OrderEvent): Promise<void> {
    const email = renderOrderEmail(event);
    const info: unknown = await this.transport.sendMail({
      from: this.options.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      headers: email.headers,
    });
    if (this.logMode) {
      const raw: unknown = (info as { message?: unknown }).message;
      this.options.logger.info(
        {
          eventId: event.eventId,
          orderId: event.order.id,
          to: email.to,
          subject: email.subject,
          message: Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw),
        },
        'e-mail rendered to the log (SMTP_URL is unset)',
      );
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** A pooled SMTP connection from the URL, with timeouts short enough that an outage surfaces as a retry. */
function smtpOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username && { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    pool: true,
    maxConnections: 2,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  };
}
