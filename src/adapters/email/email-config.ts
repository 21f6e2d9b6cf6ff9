import { cleanEnv, EnvError, makeExactValidator, type CleanOptions } from 'envalid';
import { parseEmailAddress } from '../../domain/model/values/email-address.js';

/** The e-mail adapter's settings (SPEC §2). */
export interface EmailConfig {
  /** Unset: each message is rendered and written to the log instead of sent. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
}

const smtpUrl = makeExactValidator((raw) => {
  if (!isUrlWith(raw, ['smtp:', 'smtps:'])) throw new EnvError('a URL like smtp://[user:pass@]host:port');
  return raw;
});

const senderAddress = makeExactValidator((raw) => {
  // A local sender is fine for the log mode and a test server, though no customer address may be local.
  if (!parseEmailAddress(raw).ok && !/^[A-Za-z0-9._%+-]+@localhost$/.test(raw)) throw new EnvError('an e-mail address');
  return raw;
});

const variables = {
  SMTP_URL: smtpUrl({ default: undefined }),
  MAIL_FROM: senderAddress({ default: 'orders@localhost' }),
};

/** Reads the adapter's variables; the reporter hears of every bad one. */
export function readEmailConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<typeof variables>,
): EmailConfig {
  const read = cleanEnv(env, variables, options);
  return { smtpUrl: read.SMTP_URL, mailFrom: read.MAIL_FROM };
}

function isUrlWith(raw: string, protocols: readonly string[]): boolean {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  return url !== undefined && protocols.includes(url.protocol) && url.hostname !== '';
}
