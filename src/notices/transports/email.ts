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

export type TransportResult = { ok: true; ref: string } | { ok: false; permanent: boolean; error: string };

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
    return { ok: false, permanent, error: e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? 'smtp-error') };
  }
}
