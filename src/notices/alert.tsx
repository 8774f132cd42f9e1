/**
 * The alert of an electronic notice (45 CFR 155.230(d), 42 CFR 435.918): a
 * formal notice for a person who reads notices online is posted to their
 * notices page, and the email says only that a notice is waiting. It names
 * nobody and holds nothing of the person's case (no name, amount or date), so
 * whoever sees the email learns nothing. Its call to action is signing in;
 * when sign-in is unavailable, the customer support line. It is not a notice
 * type of its own (never raised or sent to an audience): the dispatcher
 * renders it in place of the notice's email (docs/adr/0045-notice-inbox.md).
 */
import { z } from 'zod';
import type { CapabilityId } from '../capabilities/ids.js';
import { Cta, endSentence, useNotice } from './content/parts.js';
import { defineAlert, type Channel, type NoticeDeclaration } from './declaration.js';
import { describeHours } from '../states/hours.js';
import { decideVariant, type Decision, type DecisionInput } from './rules.js';
import type { StateProfile } from '../states/profile.js';

const alertSchema = z.object({ exchangeName: z.string().min(1).max(80) });
export type AlertData = z.infer<typeof alertSchema>;

function AlertBody(props: { lang: 'en' | 'es'; exchangeName: string }) {
  const n = useNotice();
  const { lang } = props;
  const lead =
    lang === 'en'
      ? `You have a new notice from ${props.exchangeName}. For your privacy, this email does not say what it is about.`
      : `Tiene un aviso nuevo de ${props.exchangeName}. Para proteger su privacidad, este correo no dice de qué se trata.`;
  if (n.variant === 'sign-in') {
    return (
      <>
        <p>{lead}</p>
        <Cta target="inbox">{lang === 'en' ? 'Sign in to read it' : 'Inicie sesión para leerlo'}</Cta>
      </>
    );
  }
  n.uses('call-centre');
  const line = n.profile.phoneLines.customerSupport;
  const hours = describeHours(line, lang);
  return (
    <>
      <p>{lead}</p>
      <p>
        {lang === 'en'
          ? `Signing in to your account is not available right now. To hear your notice, call ${line.name.en} at ${line.number}. ${endSentence(`Hours: ${hours}`)} When signing in works again, you can read it in your account.`
          : `En este momento no se puede iniciar sesión en su cuenta. Para escuchar su aviso, llame al ${line.name.es} al ${line.number}. ${endSentence(`Horario: ${hours}`)} Cuando se pueda iniciar sesión de nuevo, podrá leerlo en su cuenta.`}
      </p>
    </>
  );
}

export const NOTICE_ALERT: NoticeDeclaration<AlertData> = defineAlert<AlertData>({
  id: 'notice-alert',
  kind: 'informational',
  anonymous: true,
  channels: ['email'],
  schema: alertSchema,
  variants: [
    { id: 'sign-in', needs: ['sign-in'] },
    { id: 'call', needs: ['call-centre'] },
  ],
  whenUnavailable: { kind: 'alternative' },
  // The notice it announces decides how long the alert is useful (the message's latest useful time).
  latestUseful: (_d, q) => new Date(q.getTime() + 30 * 24 * 3_600_000),
  subject: {
    en: (d) => `You have a new notice from ${d.exchangeName}`,
    es: (d) => `Tiene un aviso nuevo de ${d.exchangeName}`,
  },
  content: {
    en: (p) => <AlertBody lang="en" exchangeName={p.data.exchangeName} />,
    es: (p) => <AlertBody lang="es" exchangeName={p.data.exchangeName} />,
  },
  example: { exchangeName: 'Vermont Health Connect' },
});

/** The alert's data: the exchange's name, nothing of the person. */
export function alertData(profile: Pick<StateProfile, 'exchangeName'>): AlertData {
  return { exchangeName: profile.exchangeName };
}

/**
 * A formal notice on the email channel to a person with an account is posted
 * to their notices page and the email is the alert. (Someone without an
 * account cannot sign in to read it: they get the notice itself, as before.)
 */
export function postsWithAlert(notice: Pick<NoticeDeclaration, 'kind'>, channel: Channel, accountId: string | null): boolean {
  return notice.kind === 'formal' && channel === 'email' && accountId !== null;
}

/** The alert's call to action for a posted notice, and whether it is the alternative (sign-in unavailable). */
export interface AlertDecision {
  variant: string;
  rerouted: boolean;
  because: CapabilityId[];
}

/**
 * The decision for one message as the dispatcher makes it, for the dispatcher
 * and for every preview of it (campaign preview, blast radius): the notice's
 * variant and, when the notice is posted to the person's notices page, the
 * alert's variant — the email then needs the alert's call to action too
 * (sign-in, else the support line), and when neither is available the alert's
 * decision (held) stands for the message.
 */
export function decideDelivery(input: DecisionInput<unknown> & { accountId: string | null; profile: Pick<StateProfile, 'exchangeName'> }): { decision: Decision; alert?: AlertDecision } {
  const decision = decideVariant(input);
  if (decision.action !== 'send' || !postsWithAlert(input.notice, input.channel, input.accountId)) return { decision };
  const a = decideVariant({ ...input, notice: NOTICE_ALERT as NoticeDeclaration<unknown>, data: alertData(input.profile) });
  if (a.action !== 'send') return { decision: a };
  return {
    decision: { ...decision, needs: [...new Set([...decision.needs, ...a.needs])] },
    alert: { variant: a.variant, rerouted: a.rerouted, because: a.because },
  };
}
