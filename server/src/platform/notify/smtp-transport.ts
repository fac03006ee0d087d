import nodemailer from 'nodemailer';
import type { Message, Transport } from './message.ts';

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:587 or smtps://…:465; query parameters are nodemailer options. */
  url: string;
  /** The From header, e.g. `Cliniclick <no-reply@example.com>`. */
  from: string;
}

/**
 * Email over SMTP with nodemailer, one connection per message.
 *
 * Timeouts are short on purpose: the outbox leases a message while it is being sent, and a send
 * that hangs past the lease could be claimed and sent again by another instance.
 */
export class SmtpTransport implements Transport {
  readonly #mailer: nodemailer.Transporter;
  readonly #from: string;

  constructor(opts: SmtpTransportOptions) {
    this.#from = opts.from;
    // URL options win over these defaults, so a deployment can still tune them in SMTP_URL.
    this.#mailer = nodemailer.createTransport({
      url: opts.url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(message: Message): Promise<void> {
    if (message.channel !== 'email') throw new Error(`SmtpTransport cannot send ${message.channel}`);
    await this.#mailer.sendMail({
      from: this.#from,
      to: message.to,
      subject: message.subject ?? '',
      text: message.body,
      // A stable Message-ID across retries lets receiving servers drop a duplicate.
      ...(message.id ? { messageId: `<${message.id}@cliniclick>` } : {}),
    });
  }

  async close(): Promise<void> {
    this.#mailer.close();
  }
}
