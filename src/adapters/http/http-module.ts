import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { portKey } from '../../ports/port-key.js';
import type { AuthenticationConfig } from './authentication-config.js';
import { BearerAuthentication } from './bearer-authentication.js';

/** How the platform turns bearer tokens into actors; the server hands it to the platform when it registers it. */
export const BEARER_AUTHENTICATION = portKey<BearerAuthentication>('BearerAuthentication');

/** The HTTP platform's own parts. */
export function httpModule(config: AuthenticationConfig, logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(BEARER_AUTHENTICATION).toResolvedValue(() => {
      if (config.verifyWith === 'secret' && config.development) {
        logger.warn(
          'AUTH_JWT_SECRET and AUTH_JWKS_URL are unset: tokens are verified with the development secret, which anyone can sign with; set one before this service leaves this machine',
        );
      }
      return new BearerAuthentication(config);
    });
  });
}
