import { pino } from 'pino';
import { EmailNotifier } from '../../src/adapters/email/email-notifier.js';
import { startSmtpTestServer } from '../support/smtp-test-server.js';
import { orderNotifierContract } from './order-notifier-contract.js';

orderNotifierContract('email over SMTP', async () => {
  const server = await startSmtpTestServer();
  const notifier = new EmailNotifier({
    smtpUrl: server.url,
    from: 'orders@example.com',
    logger: pino({ level: 'silent' }),
  });
  return {
    notifier,
    received: async () => server.messages.map((mail) => mail.headers['x-order-event-id'] ?? ''),
    stopPeer: () => server.stop(),
    startPeer: () => server.start(),
    teardown: async () => {
      await notifier.close();
      await server.close();
    },
  };
});
