import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORDER_OUTBOX } from '../../src/ports/outbound/order-outbox.js';
import { RequeueDeadLetters } from '../../src/domain/use-cases/requeue-dead-letters/requeue-dead-letters.js';
import type { OrderOutbox } from '../../src/ports/outbound/order-outbox.js';
import { fastRetries } from '../support/fast-retries.js';
import { repositoryTargets } from '../support/repository-targets.js';
import { startSmtpTestServer, type ReceivedMail, type SmtpTestServer } from '../support/smtp-test-server.js';
import { buildTestApp } from '../support/test-app.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

interface OrderJson {
  id: string;
}

const newOrder = (customerEmail: string) => ({
  customerId: 'c-mail',
  customerEmail,
  items: [
    { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
    { sku: 'PEN-1', quantity: 1, unitPrice: 500 },
  ],
});

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(repositoryTargets())('e-mail delivery over SMTP on the $name repository', (target) => {
  let smtp: SmtpTestServer;
  let app: FastifyInstance;
  let container: Container;
  target.use();

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });

  beforeEach(async () => {
    await app?.close();
    smtp.reset();
    ({ app, container } = await buildTestApp({
      env: { ...target.env(), ORDERS_NOTIFIERS: 'email', SMTP_URL: smtp.url, MAIL_FROM: 'shop@example.com' },
      retrySchedule: fastRetries,
    }));
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  const place = async (email: string): Promise<string> => {
    const response = await app.inject({ method: 'POST', url: '/orders', payload: newOrder(email) });
    expect(response.statusCode).toBe(201);
    return response.json<OrderJson>().id;
  };
  const mailsFor = (orderId: string): ReceivedMail[] => smtp.messages.filter((mail) => mail.subject?.includes(orderId));
  const outbox = (): OrderOutbox => container.get(ORDER_OUTBOX);

  it('mails the customer each change: recipient, sender, subject, both parts, and the de-duplication headers', async () => {
    const id = await place('ada@example.com');
    expect((await app.inject({ method: 'POST', url: `/orders/${id}/confirm` })).statusCode).toBe(200);
    await eventually(() => mailsFor(id).length === 2);

    const [placed, confirmed] = mailsFor(id);
    expect(placed?.subject).toBe(`Order ${id} placed`);
    expect(confirmed?.subject).toBe(`Order ${id} confirmed`);
    for (const mail of [placed, confirmed]) {
      expect(mail?.envelope.to).toEqual(['ada@example.com']);
      expect(mail?.from?.address).toBe('shop@example.com');
      expect(mail?.text).toContain('2 x BOOK-42');
      expect(mail?.text).toContain('Total: $30.00');
      expect(mail?.html).toContain('<td>PEN-1</td>');
      expect(mail?.html).toContain('$30.00');
      const eventId = mail?.headers['x-order-event-id'];
      expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(mail?.messageId).toBe(`<${eventId}@hexagonal-orders>`);
    }
    expect(placed?.headers['x-order-event-id']).not.toBe(confirmed?.headers['x-order-event-id']);
  });

  it('retries a message the server answers with 4xx until it is accepted', async () => {
    smtp.failTemporarily({ times: 2 });
    const id = await place('grace@example.com');
    await eventually(() => mailsFor(id).length === 1);
    expect(smtp.attempts).toBeGreaterThanOrEqual(3);
    expect(smtp.replies.filter((reply) => reply.code === 451)).toHaveLength(2);
  });

  it('parks a message refused with 5xx as a dead letter, and delivers it once an operator re-queues it', async () => {
    smtp.rejectRecipients((address) => address === 'bounce@example.com');
    const bounced = await place('bounce@example.com');
    await eventually(async () =>
      (await outbox().backlog()).some((entry) => entry.notifier === 'email' && entry.dead === 1),
    );
    const fine = await place('fine@example.com');
    await eventually(() => mailsFor(fine).length === 1);
    expect(mailsFor(bounced)).toHaveLength(0);

    smtp.accept();
    if (target.name === 'postgres') {
      // The documented operator command, against the same database.
      const { stdout } = await run(process.execPath, ['dist/app/outbox.js', 'requeue', 'email'], {
        cwd: root,
        env: { ...process.env, ...target.env() },
      });
      expect(stdout).toContain('Re-queued 1 dead letter for email');
      // Woken by its timer, the relay finds the re-queued delivery due.
    } else {
      expect(await new RequeueDeadLetters(outbox()).execute('email')).toBe(1);
    }
    await eventually(() => mailsFor(bounced).length === 1);
    // The server stores a message before it answers 250, so the outbox records the delivery a moment later.
    await eventually(async () => (await outbox().backlog()).length === 0);
  });

  it('answers every request while the mail server refuses connections, and sends every message once it is back', async () => {
    await smtp.stop();
    const ids: string[] = [];
    const started = performance.now();
    try {
      for (let wave = 0; wave < 10; wave++) {
        ids.push(
          ...(await Promise.all(Array.from({ length: 20 }, () => place(`customer-${randomUUID()}@example.com`)))),
        );
      }
      console.info(
        `[email ${target.name}] 200 orders with SMTP refusing: all 201 in ${(performance.now() - started).toFixed(0)} ms`,
      );
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    } finally {
      await smtp.start();
    }
    await eventually(() => new Set(smtp.messages.map((mail) => mail.subject)).size >= 200, 90_000);
    const subjects = smtp.messages.map((mail) => mail.subject ?? '');
    for (const id of ids) expect(subjects).toContain(`Order ${id} placed`);
    // Any repeat carries the same event id, so the receiver can drop it.
    const eventIdsBySubject = new Map<string, Set<string>>();
    for (const mail of smtp.messages) {
      const subject = mail.subject ?? '';
      eventIdsBySubject.set(
        subject,
        (eventIdsBySubject.get(subject) ?? new Set()).add(mail.headers['x-order-event-id'] ?? ''),
      );
    }
    expect([...eventIdsBySubject.values()].every((eventIds) => eventIds.size === 1)).toBe(true);
    console.info(
      `[email ${target.name}] after the outage: ${eventIdsBySubject.size} of 200 messages, ${smtp.messages.length - eventIdsBySubject.size} repeats`,
    );
  }, 180_000);
});
