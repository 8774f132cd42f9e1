/**
 * The mail transport: nodemailer over SMTP, pooled. With no SMTP_URL the
 * exchange starts a local SMTP peer (smtp-server) on loopback and keeps what
 * it receives so staff can read it in the console's mailbox. smtp-server is
 * loaded only then, never in production (docs/adr/0095).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { SMTPServer as SmtpServerType } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface ReceivedMail {
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
  receivedAt: Date;
}

export interface LocalSmtp {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Called for each message received. */
  onMessage(listener: (mail: ReceivedMail) => void): void;
  close(): Promise<void>;
}

export async function startLocalSmtp(opts: { port?: number; keep?: number } = {}): Promise<LocalSmtp> {
  const received: ReceivedMail[] = [];
  const listeners: Array<(m: ReceivedMail) => void> = [];
  const keep = opts.keep ?? 1000;
  // Loaded only here: production has SMTP_URL configured and never loads the local peer (docs/adr/0095).
  const { SMTPServer } = await import('smtp-server');
  const server: SmtpServerType = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
            const mail: ReceivedMail = {
              to: session.envelope.rcptTo.map((r) => r.address),
              headers,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              raw: raw.toString('utf8'),
              receivedAt: new Date(),
            };
            received.push(mail);
            if (received.length > keep) received.shift();
            for (const l of listeners) l(mail);
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    onMessage: (l) => listeners.push(l),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function createMailer(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  return nodemailer.createTransport({
    pool: true,
    maxConnections: 5,
    host: url.hostname,
    port: Number(url.port || 25),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    ignoreTLS: url.hostname === '127.0.0.1' || url.hostname === 'localhost',
    // Shorter than nodemailer's minutes-long defaults: a hand-over must end well within the notices dispatcher's own limit (docs/adr/0085).
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}
