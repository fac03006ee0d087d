import { type Config, ConfigError } from '../../config.ts';
import type { Clock } from '../clock.ts';
import { OutboxFileTransport } from './file-transport.ts';
import type { Message, Transport } from './message.ts';
import { HttpSmsTransport } from './sms-transport.ts';
import { SmtpTransport } from './smtp-transport.ts';

/** Sends each message through the transport for its channel. */
export class ChannelTransport implements Transport {
  constructor(readonly channels: Record<Message['channel'], Transport>) {}

  send(message: Message): Promise<void> {
    return this.channels[message.channel].send(message);
  }

  async close(): Promise<void> {
    const unique = new Set(Object.values(this.channels));
    await Promise.all([...unique].map((t) => t.close?.()));
  }
}

/**
 * The transport the configuration asks for. 'outbox' writes both channels to the contract file;
 * 'live' sends email by SMTP and SMS through the HTTP provider. A live channel without its
 * settings is a ConfigError now, at boot, rather than a retry loop of failed sends later.
 */
export function createTransport(notify: Config['notify'], opts: { clock?: Clock } = {}): Transport {
  if (notify.transport === 'outbox') {
    const file = new OutboxFileTransport(notify.outboxFile, opts);
    return new ChannelTransport({ email: file, sms: file });
  }
  const missing: string[] = [];
  if (!notify.smtpUrl) missing.push('SMTP_URL (email)');
  if (!notify.smsUrl) missing.push('SMS_HTTP_URL (sms)');
  if (!notify.smsSecret) missing.push('SMS_HTTP_SECRET (sms)');
  if (missing.length > 0 || !notify.smtpUrl || !notify.smsUrl || !notify.smsSecret) {
    throw new ConfigError(`invalid environment: NOTIFY_TRANSPORT=live needs ${missing.join(', ')}`);
  }
  return new ChannelTransport({
    email: new SmtpTransport({ url: notify.smtpUrl, from: notify.smtpFrom }),
    sms: new HttpSmsTransport({
      url: notify.smsUrl,
      secret: notify.smsSecret,
      sender: notify.smsSender,
      ...(opts.clock ? { clock: opts.clock } : {}),
    }),
  });
}
