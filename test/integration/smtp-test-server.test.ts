import { connect } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

const FROM = 'Orders <orders@shop.example>';

describe('SMTP test server (nodemailer as the client)', () => {
  let server: SmtpTestServer;
  let transport: Transporter<SMTPTransport.SentMessageInfo>;

  beforeAll(async () => {
    server = await startSmtpTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    // not pooled (nodemailer's default): each sendMail opens its own connection; timeouts short,
    // so a server that is down fails the send in seconds rather than nodemailer's minutes
    transport = nodemailer.createTransport({
      url: server.url,
      connectionTimeout: 2_000,
      greetingTimeout: 2_000,
      socketTimeout: 5_000,
    });
  });

  afterEach(async () => {
    transport.close();
    if (!server.listening) await server.start();
  });

  function send(to: string | string[], subject = 'Hello'): Promise<SMTPTransport.SentMessageInfo> {
    return transport.sendMail({ from: FROM, to, subject, text: `Body of ${subject}` });
  }

  it('listens on 127.0.0.1 at a free port and names it in an smtp:// url', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`smtp://127.0.0.1:${server.port}`);
    expect(server.listening).toBe(true);
  });

  it('captures a message with text, html, custom headers and a Message-ID, raw and parsed', async () => {
    const info = await transport.sendMail({
      from: FROM,
      to: 'Ann Example <ann@example.com>',
      subject: 'Your order 42 is confirmed',
      text: 'Order 42: 2 items, USD 30.00',
      html: '<p>Order <b>42</b>: 2 items, USD 30.00</p>',
      messageId: '<order-42.confirmed@shop.example>',
      headers: { 'X-Order-Event-Id': 'evt-0001', 'X-Order-Id': 'order-42' },
    });
    expect(info.accepted).toEqual(['ann@example.com']);

    // stored before the 250 that resolved sendMail: no waiting needed, but waitFor agrees
    expect(server.messages).toHaveLength(1);
    const mail = await server.waitFor((m) => m.headers['x-order-event-id'] === 'evt-0001', 1_000);
    expect(mail).toBe(server.messages[0]);

    expect(mail.envelope).toEqual({ from: 'orders@shop.example', to: ['ann@example.com'] });
    expect(mail.from).toEqual({ name: 'Orders', address: 'orders@shop.example' });
    expect(mail.to).toEqual([{ name: 'Ann Example', address: 'ann@example.com' }]);
    expect(mail.subject).toBe('Your order 42 is confirmed');
    expect(mail.text?.trim()).toBe('Order 42: 2 items, USD 30.00');
    expect(mail.html).toContain('<p>Order <b>42</b>: 2 items, USD 30.00</p>');
    expect(mail.messageId).toBe('<order-42.confirmed@shop.example>');
    expect(mail.headers).toMatchObject({
      'x-order-event-id': 'evt-0001',
      'x-order-id': 'order-42',
      'message-id': '<order-42.confirmed@shop.example>',
      subject: 'Your order 42 is confirmed',
    });
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative; boundary=/);
    expect(mail.headerList).toContainEqual({ key: 'x-order-event-id', value: 'evt-0001' });
    // nodemailer rewrites the header name to `X-Order-Event-ID`: match names case-insensitively
    expect(mail.raw).toMatch(/^x-order-event-id: evt-0001\r$/im);
    expect(mail.raw).toContain('Content-Type: text/html');

    expect(server.attempts).toBe(1);
    expect(server.replies).toEqual([
      { command: 'RCPT', address: 'ann@example.com', code: 250 },
      { command: 'DATA', recipients: ['ann@example.com'], code: 250 },
    ]);
  });

  it('decodes RFC 2047 encoded header values and subjects', async () => {
    await transport.sendMail({
      from: FROM,
      to: 'jörg@example.com',
      subject: 'Bestellung bestätigt',
      text: 'Grüße',
      headers: { 'X-Customer-Name': 'Jörg Müller' },
    });

    const [mail] = await server.waitForCount(1, 1_000);
    expect(mail?.subject).toBe('Bestellung bestätigt');
    expect(mail?.headers['x-customer-name']).toBe('Jörg Müller');
    expect(mail?.headerList.find((h) => h.key === 'x-customer-name')?.value).toMatch(/^=\?UTF-8\?/);
    expect(mail?.text?.trim()).toBe('Grüße');
  });

  it('waitForCount resolves once enough mail has arrived, and waitFor times out with what did arrive', async () => {
    const waiting = server.waitForCount(2, 3_000);
    await send('a@example.com', 'first');
    await send('b@example.com', 'second');
    const mails = await waiting;
    expect(mails.map((m) => m.subject)).toEqual(['first', 'second']);

    await expect(server.waitFor((m) => m.subject === 'never sent', 100)).rejects.toThrow(
      'Timed out after 100 ms waiting for a message matching the predicate; received 2: "first", "second"',
    );
  });

  it('failTemporarily answers DATA with 451, stores nothing, and accept() lets the retry through', async () => {
    server.failTemporarily();

    await expect(send('ann@example.com', 'deferred')).rejects.toMatchObject({
      code: 'EMESSAGE',
      command: 'DATA',
      responseCode: 451,
    });
    await expect(send('ann@example.com', 'deferred')).rejects.toMatchObject({ responseCode: 451 });
    expect(server.messages).toHaveLength(0);
    expect(server.attempts).toBe(2);

    server.accept();
    await send('ann@example.com', 'deferred');

    expect(server.attempts).toBe(3);
    expect(server.messages.map((m) => m.subject)).toEqual(['deferred']);
    expect(server.replies.filter((r) => r.command === 'DATA').map((r) => r.code)).toEqual([451, 451, 250]);
  });

  it('failTemporarily at RCPT with `times` defers that many attempts, then accepts on its own', async () => {
    server.failTemporarily({ stage: 'rcpt', times: 1 });

    const error: unknown = await send(['ann@example.com', 'bob@example.com']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451 });
    expect(String(error)).toContain('451 4.3.0 Temporary local problem, try again later');
    expect(server.messages).toHaveLength(0);

    await send(['ann@example.com', 'bob@example.com']);
    expect(server.attempts).toBe(2);
    expect(server.messages).toHaveLength(1);
    expect(server.replies.map((r) => r.code)).toEqual([451, 451, 250, 250, 250]);
  });

  it('rejectRecipients answers 550 5.1.1 for matching recipients, a permanent failure', async () => {
    server.rejectRecipients((address) => address.startsWith('nobody@'));

    const error: unknown = await send('nobody@example.com').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EENVELOPE', responseCode: 550, rejected: ['nobody@example.com'] });
    expect(String(error)).toContain('550 5.1.1 <nobody@example.com>: Recipient address rejected');
    expect(server.messages).toHaveLength(0);

    // nodemailer resolves when at least one recipient was accepted; the rejected ones are in `info`
    const info = await send(['nobody@example.com', 'ann@example.com'], 'partly delivered');
    expect(info.accepted).toEqual(['ann@example.com']);
    expect(info.rejected).toEqual(['nobody@example.com']);
    const mail = await server.waitFor((m) => m.subject === 'partly delivered', 1_000);
    expect(mail.envelope.to).toEqual(['ann@example.com']);
    expect(mail.to.map((a) => a.address)).toEqual(['nobody@example.com', 'ann@example.com']);
    expect(server.attempts).toBe(2);
  });

  it('stop() refuses connections (ECONNREFUSED) and start() serves again on the same url', async () => {
    const url = server.url;
    await server.stop();
    expect(server.listening).toBe(false);

    // nodemailer reports the socket failure with code ESOCKET; the ECONNREFUSED is in the message
    const error: unknown = await send('ann@example.com', 'during outage').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'ESOCKET', syscall: 'connect', command: 'CONN' });
    expect((error as Error).message).toContain(`ECONNREFUSED 127.0.0.1:${server.port}`);
    expect(server.attempts).toBe(0);

    await server.start();
    expect(server.url).toBe(url);
    await send('ann@example.com', 'after outage');
    expect(server.messages.map((m) => m.subject)).toEqual(['after outage']);
  });

  it('stop() destroys connections that are open, rather than waiting for them to finish', async () => {
    const socket = connect(server.port, '127.0.0.1');
    const greeting = await new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
      socket.once('error', reject);
    });
    expect(greeting).toMatch(/^220 /);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);

    const started = Date.now();
    await server.stop();
    await closed;
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('rejects a 4xx-less failTemporarily code', () => {
    expect(() => server.failTemporarily({ code: 550 })).toThrow(RangeError);
  });
});
