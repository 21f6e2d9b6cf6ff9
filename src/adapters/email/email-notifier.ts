import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { OrderEvent } from '../../domain/order-events.js';
import type { DependencyCheck, DependencyStatus } from '../../ports/outbound/dependency-check.js';
import type { OrderNotifier } from '../../ports/outbound/order-notifier.js';
import { renderOrderEmail } from './order-email.js';

export interface EmailNotifierOptions {
  /** `smtp://[user:pass@]host:port`; without it, each message is rendered and written to the log. */
  readonly smtpUrl?: string;
  readonly from: string;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
}

/** Tells the customer by e-mail (nodemailer): over SMTP, or into the log when no server is configured. */
export class EmailNotifier implements OrderNotifier, DependencyCheck {
  readonly name = 'email';
  readonly required = false;
  private readonly transport: Transporter;
  private readonly logMode: boolean;

  constructor(private readonly options: EmailNotifierOptions) {
    this.logMode = !options.smtpUrl;
    this.transport = options.smtpUrl
      ? nodemailer.createTransport(options.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async notify(event: OrderEvent): Promise<void> {
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

  async check(): Promise<DependencyStatus> {
    if (this.logMode) return { status: 'ok', detail: 'log' };
    try {
      await this.transport.verify();
      return { status: 'ok', detail: 'smtp' };
    } catch {
      return { status: 'unavailable', detail: 'smtp' };
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
