import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { ORDER_NOTIFIER } from '../../ports/outbound/order-notifier.js';
import type { EmailConfig } from './email-config.js';
import { EmailNotifier } from './email-notifier.js';

/** Tells customers of their orders by e-mail. */
export function emailModule(config: EmailConfig, logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ORDER_NOTIFIER).toResolvedValue(
      () =>
        new EmailNotifier({
          ...(config.smtpUrl !== undefined && { smtpUrl: config.smtpUrl }),
          from: config.mailFrom,
          logger: logger.child({ notifier: 'email' }),
        }),
    );
  });
}
