/**
 * Email over SMTP (nodemailer, pooled: ctx.mailer). The Message-ID is made
 * from the message id, so a retry of the same message is recognisable; the
 * headers name the notice type and the variant chosen.
 */
import type { Transporter } from 'nodemailer';

export interface OutgoingEmail {
  messageId: string;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  lang: string;
  noticeType: string;
  variant: string;
  /** Domain for the Message-ID (the public site's host). */
  domain: string;
}

/**
 * What a hand-over came to. `provider` marks a temporary failure of the provider
 * itself (unreachable, timed out, not answering): it says nothing about the
 * message, so it trips the channel instead of using the message's attempts
 * (docs/adr/0086).
 */
export type TransportResult = { ok: true; ref: string } | { ok: false; permanent: boolean; error: string; provider?: boolean };

/** SMTP replies that say the server itself is not taking mail now (421: service not available). */
const PROVIDER_REPLY_CODES = new Set([421]);

export function messageIdHeader(messageId: string, domain: string): string {
  return `<notice-${messageId}@${domain}>`;
}

export async function sendEmail(mailer: Transporter, mail: OutgoingEmail): Promise<TransportResult> {
  const id = messageIdHeader(mail.messageId, mail.domain);
  try {
    await mailer.sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: id,
      headers: {
        'X-Candor-Notice': mail.noticeType,
        'X-Candor-Variant': mail.variant,
        'X-Candor-Message': mail.messageId,
        'Content-Language': mail.lang,
      },
    });
    return { ok: true, ref: id };
  } catch (err) {
    const e = err as { responseCode?: number; code?: string; message: string };
    // 5xx from the server is a permanent refusal (a bounce); connection trouble and 4xx are worth retrying.
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
    // No reply at all (refused, reset, timed out, DNS) or 421: the server is unreachable, not the message at fault.
    const provider = !permanent && (typeof e.responseCode !== 'number' || PROVIDER_REPLY_CODES.has(e.responseCode));
    return { ok: false, permanent, error: e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? 'smtp-error'), ...(provider ? { provider } : {}) };
  }
}
