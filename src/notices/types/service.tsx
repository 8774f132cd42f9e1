/** Notices about the exchange itself: a service is back; open enrollment is coming. */
import { z } from 'zod';
import { CAPABILITY_NAMES, type CapabilityId } from '../../capabilities/ids.js';
import { defineNotice } from '../declaration.js';
import { Cta, day, useNotice } from '../content/parts.js';
import type { LinkTarget } from '../link-targets.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const HOUR = 3_600_000;

/** Capabilities a service-restored notice can be about, and where it sends the person. */
export const RESTORABLE: Partial<Record<CapabilityId, LinkTarget | 'phone'>> = {
  'online-payment': 'pay',
  'plan-shopping': 'shop',
  'document-upload': 'documents',
  'sign-in': 'account',
  applications: 'apply',
  'phone-payment': 'phone',
};

const restoredSchema = z.object({
  capability: z.enum(Object.keys(RESTORABLE) as [CapabilityId, ...CapabilityId[]]),
  restoredOn: isoDate,
});
type Restored = z.infer<typeof restoredSchema>;

function Restored(props: { lang: 'en' | 'es'; data: Restored; firstName: string }) {
  const n = useNotice();
  const { lang, data } = props;
  const name = CAPABILITY_NAMES[data.capability][lang];
  const target = RESTORABLE[data.capability]!;
  const head =
    lang === 'en'
      ? `${name} is working again since ${day(data.restoredOn, lang)}. We are sorry for the trouble. Any due date that fell while it was unavailable has been extended.`
      : `${name} vuelve a funcionar desde el ${day(data.restoredOn, lang)}. Lamentamos las molestias. Toda fecha de vencimiento que cayó mientras no estaba disponible se ha extendido.`;
  let action;
  if (target === 'phone') {
    n.uses('phone-payment');
    const line = n.profile.phoneLines.payments;
    action = <p>{lang === 'en' ? `Call ${line.number} to pay by phone.` : `Llame al ${line.number} para pagar por teléfono.`}</p>;
  } else action = <Cta target={target}>{lang === 'en' ? `Go to ${name}` : `Ir a ${name}`}</Cta>;
  if (n.channel === 'text') {
    const tail = target === 'phone' ? (n.uses('phone-payment'), n.profile.phoneLines.payments.number) : (n.uses(data.capability), n.link(target));
    return <p>{`${n.profile.exchangeName}: ${props.firstName}, ${head} ${tail}`}</p>;
  }
  return (
    <>
      <p>{head}</p>
      {action}
    </>
  );
}

export const serviceRestored = defineNotice<Restored>({
  id: 'service-restored',
  kind: 'informational',
  channels: ['email', 'letter', 'text'],
  schema: restoredSchema,
  variants: [{ id: 'restored', needs: (d) => [d.capability] }],
  // If it went down again before this went out, saying it works would be false.
  whenUnavailable: { kind: 'drop', reason: 'reason.unavailableAgain' },
  latestUseful: (_d, q) => new Date(q.getTime() + 3 * 24 * HOUR),
  subject: {
    en: (d) => `${CAPABILITY_NAMES[d.capability].en} is working again`,
    es: (d) => `${CAPABILITY_NAMES[d.capability].es} vuelve a funcionar`,
  },
  content: {
    en: (p) => <Restored lang="en" data={p.data} firstName={p.firstName} />,
    es: (p) => <Restored lang="es" data={p.data} firstName={p.firstName} />,
  },
  example: { capability: 'online-payment', restoredOn: '2026-10-21' },
});

// ── open-enrollment-reminder ──────────────────────────────────────────
const oeSchema = z.object({ opensOn: isoDate, closesOn: isoDate, januaryFirstDeadline: isoDate });
type OpenEnrollment = z.infer<typeof oeSchema>;

function ShopCta(props: { lang: 'en' | 'es' }) {
  const n = useNotice();
  if (n.variant === 'shop-online') return <Cta target="shop">{props.lang === 'en' ? 'See plans and prices' : 'Ver planes y precios'}</Cta>;
  n.uses('call-centre');
  const line = n.profile.phoneLines.customerSupport;
  return <p>{props.lang === 'en' ? `Call ${line.number} and we will help you choose a plan.` : `Llame al ${line.number} y le ayudaremos a elegir un plan.`}</p>;
}

export const openEnrollmentReminder = defineNotice<OpenEnrollment>({
  id: 'open-enrollment-reminder',
  kind: 'reminder',
  channels: ['email', 'letter', 'text'],
  schema: oeSchema,
  variants: [
    { id: 'shop-online', needs: ['plan-shopping'] },
    { id: 'shop-by-phone', needs: ['call-centre'] },
  ],
  whenUnavailable: { kind: 'hold', until: (_d, q) => new Date(q.getTime() + 48 * HOUR), thenAlternative: true },
  latestUseful: (d) => new Date(`${d.closesOn}T23:59:00Z`),
  subject: { en: () => 'Open enrollment is coming', es: () => 'Se acerca la inscripción abierta' },
  content: {
    en: (p) =>
      p.channel === 'text' ? (
        <p>{`Hi ${p.firstName}: open enrollment runs ${day(p.data.opensOn, 'en')} to ${day(p.data.closesOn, 'en')}. Choose by ${day(p.data.januaryFirstDeadline, 'en')} for coverage on January 1.`}</p>
      ) : (
        <>
          <p>
            Open enrollment runs from {day(p.data.opensOn, 'en')} to {day(p.data.closesOn, 'en')}. Choose a plan by {day(p.data.januaryFirstDeadline, 'en')} for coverage starting January 1.
          </p>
          <ShopCta lang="en" />
        </>
      ),
    es: (p) =>
      p.channel === 'text' ? (
        <p>{`Hola ${p.firstName}: la inscripción abierta va del ${day(p.data.opensOn, 'es')} al ${day(p.data.closesOn, 'es')}. Elija a más tardar el ${day(p.data.januaryFirstDeadline, 'es')} para tener cobertura el 1 de enero.`}</p>
      ) : (
        <>
          <p>
            La inscripción abierta va del {day(p.data.opensOn, 'es')} al {day(p.data.closesOn, 'es')}. Elija un plan a más tardar el {day(p.data.januaryFirstDeadline, 'es')} para tener cobertura desde
            el 1 de enero.
          </p>
          <ShopCta lang="es" />
        </>
      ),
  },
  example: { opensOn: '2026-11-01', closesOn: '2026-12-31', januaryFirstDeadline: '2026-12-15' },
});
