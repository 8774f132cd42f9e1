/** Notices about eligibility and verifications. */
import { z } from 'zod';
import { defineNotice } from '../declaration.js';
import { Cta, day, formatAddress, money, useNotice } from '../content/parts.js';
import { localInstant } from '../rules.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const cents = z.number().int().min(0).max(100_000_000);
const HOUR = 3_600_000;

// ── eligibility-result ────────────────────────────────────────────────
const resultSchema = z.object({
  decidedOn: isoDate,
  outcome: z.enum(['qualified-with-help', 'qualified-full-price', 'medicaid-referral', 'not-eligible']),
  monthlyCreditCents: cents,
  enrollBy: isoDate,
  coverageStart: isoDate,
  /** The credit was figured on a provisional table (docs/adr/0100-plan-year-as-data.md): the notice says it is an estimate. */
  estimate: z.boolean().optional(),
});
type Result = z.infer<typeof resultSchema>;

const OUTCOMES = {
  'qualified-with-help': { en: 'You can buy a health plan through the exchange, with help paying for it.', es: 'Puede comprar un plan médico a través del mercado, con ayuda para pagarlo.' },
  'qualified-full-price': { en: 'You can buy a health plan through the exchange, at full price.', es: 'Puede comprar un plan médico a través del mercado, a precio completo.' },
  'medicaid-referral': { en: 'You may qualify for Medicaid or Dr. Dynasaur. We sent your application to them.', es: 'Puede calificar para Medicaid o Dr. Dynasaur. Les enviamos su solicitud.' },
  'not-eligible': { en: 'You cannot buy a health plan through the exchange at this time.', es: 'No puede comprar un plan médico a través del mercado en este momento.' },
} as const;

function ShopOptions(props: { lang: 'en' | 'es'; enrollBy: string }) {
  const n = useNotice();
  const { lang } = props;
  if (n.channel === 'text') return null;
  switch (n.variant) {
    case 'shop-online':
      return <Cta target="shop">{lang === 'en' ? `Compare plans and enroll by ${day(props.enrollBy, lang)}` : `Compare planes e inscríbase a más tardar el ${day(props.enrollBy, lang)}`}</Cta>;
    case 'enroll-by-phone': {
      n.uses('call-centre');
      const line = n.profile.phoneLines.customerSupport;
      return (
        <p>
          {lang === 'en'
            ? `To choose a plan, call ${line.name.en} at ${line.number} by ${day(props.enrollBy, lang)}; we will enroll you over the phone.`
            : `Para elegir un plan, llame al ${line.name.es} al ${line.number} a más tardar el ${day(props.enrollBy, lang)}; le inscribiremos por teléfono.`}
        </p>
      );
    }
    default:
      return null;
  }
}

export const eligibilityResult = defineNotice<Result>({
  id: 'eligibility-result',
  kind: 'formal',
  channels: ['letter', 'email'],
  schema: resultSchema,
  variants: [
    { id: 'shop-online', needs: ['plan-shopping'] },
    { id: 'enroll-by-phone', needs: ['call-centre'] },
    { id: 'notice', needs: [] },
  ],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: (d, q) => new Date(Math.max(q.getTime() + 7 * 24 * HOUR, Date.parse(`${d.enrollBy}T23:59:00Z`))),
  subject: { en: () => 'Your eligibility results', es: () => 'Los resultados de su elegibilidad' },
  formal: {
    en: (d) => ({
      action: OUTCOMES[d.outcome].en,
      effectiveDate: day(d.coverageStart, 'en'),
      facts: [
        `We decided on ${day(d.decidedOn, 'en')}.`,
        ...(d.monthlyCreditCents > 0 ? [`Premium tax credit: up to ${money(d.monthlyCreditCents, 'en')} a month.`] : []),
        ...(d.estimate ? [`This amount is an estimate: some figures for ${d.coverageStart.slice(0, 4)} have not been published yet, and it may change when they are.`] : []),
        `Choose a plan by ${day(d.enrollBy, 'en')} for coverage starting ${day(d.coverageStart, 'en')}.`,
      ],
      rule: '45 CFR 155.305 (eligibility standards) and 26 CFR 1.36B-3 (premium tax credit).',
    }),
    es: (d) => ({
      action: OUTCOMES[d.outcome].es,
      effectiveDate: day(d.coverageStart, 'es'),
      facts: [
        `Decidimos el ${day(d.decidedOn, 'es')}.`,
        ...(d.monthlyCreditCents > 0 ? [`Crédito fiscal para la prima: hasta ${money(d.monthlyCreditCents, 'es')} al mes.`] : []),
        ...(d.estimate ? [`Esta cantidad es una estimación: algunas cifras para ${d.coverageStart.slice(0, 4)} todavía no se han publicado, y puede cambiar cuando se publiquen.`] : []),
        `Elija un plan a más tardar el ${day(d.enrollBy, 'es')} para tener cobertura desde el ${day(d.coverageStart, 'es')}.`,
      ],
      rule: '45 CFR 155.305 (normas de elegibilidad) y 26 CFR 1.36B-3 (crédito fiscal para la prima).',
    }),
  },
  content: {
    en: (p) => (p.data.outcome === 'qualified-with-help' || p.data.outcome === 'qualified-full-price' ? <ShopOptions lang="en" enrollBy={p.data.enrollBy} /> : <></>),
    es: (p) => (p.data.outcome === 'qualified-with-help' || p.data.outcome === 'qualified-full-price' ? <ShopOptions lang="es" enrollBy={p.data.enrollBy} /> : <></>),
  },
  example: { decidedOn: '2026-11-05', outcome: 'qualified-with-help', monthlyCreditCents: 84_300, enrollBy: '2026-12-15', coverageStart: '2027-01-01' },
});

// ── verification-needed ───────────────────────────────────────────────
const ITEMS = {
  income: { en: 'Proof of income (a recent pay stub or tax return)', es: 'Comprobante de ingresos (un talón de pago reciente o una declaración de impuestos)' },
  citizenship: { en: 'Proof of citizenship (a passport or birth certificate)', es: 'Comprobante de ciudadanía (un pasaporte o acta de nacimiento)' },
  immigration: { en: 'Proof of immigration status (your immigration document)', es: 'Comprobante de estatus migratorio (su documento de inmigración)' },
  ssn: { en: 'Proof of your Social Security number (your card)', es: 'Comprobante de su número de Seguro Social (su tarjeta)' },
  coverage: { en: 'Proof of other coverage ending (a letter from the insurer or employer)', es: 'Comprobante de que terminó otra cobertura (carta de la aseguradora o del empleador)' },
} as const;

const verificationSchema = z.object({ documentsDueDate: isoDate, items: z.array(z.enum(['income', 'citizenship', 'immigration', 'ssn', 'coverage'])).min(1) });
type Verification = z.infer<typeof verificationSchema>;

function SendDocuments(props: { lang: 'en' | 'es'; due: string }) {
  const n = useNotice();
  const { lang } = props;
  if (n.channel === 'text') return null;
  const address = formatAddress(n.profile.applicationsMailingAddress, n.profile.applicationsMailingAddress.name).join(', ');
  const mail =
    lang === 'en' ? `Mail copies (not originals) to ${address}, by ${day(props.due, lang)}.` : `Envíe copias (no originales) por correo a ${address}, a más tardar el ${day(props.due, lang)}.`;
  return (
    <>
      {n.variant === 'upload-online' && <Cta target="documents">{lang === 'en' ? 'Upload your documents' : 'Envíe sus documentos en línea'}</Cta>}
      <p>{mail}</p>
    </>
  );
}

export const verificationNeeded = defineNotice<Verification>({
  id: 'verification-needed',
  kind: 'formal',
  channels: ['letter', 'email', 'text'],
  schema: verificationSchema,
  variants: [
    { id: 'upload-online', needs: ['document-upload'] },
    { id: 'send-by-mail', needs: [] },
  ],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: (d, _q, tz) => localInstant(d.documentsDueDate, '23:59', tz),
  subject: { en: () => 'We need documents from you', es: () => 'Necesitamos documentos suyos' },
  formal: {
    en: (d) => ({
      action: `Send us the documents below by ${day(d.documentsDueDate, 'en')}. Your coverage and help paying for it continue while we wait.`,
      effectiveDate: day(d.documentsDueDate, 'en'),
      facts: ['We could not confirm some of the information on your application with federal data.', ...d.items.map((i) => ITEMS[i].en)],
      rule: '45 CFR 155.315(f): inconsistencies in application information (90-day period to resolve).',
    }),
    es: (d) => ({
      action: `Envíenos los documentos indicados abajo a más tardar el ${day(d.documentsDueDate, 'es')}. Su cobertura y la ayuda para pagarla continúan mientras esperamos.`,
      effectiveDate: day(d.documentsDueDate, 'es'),
      facts: ['No pudimos confirmar parte de la información de su solicitud con los datos federales.', ...d.items.map((i) => ITEMS[i].es)],
      rule: '45 CFR 155.315(f): discrepancias en la información de la solicitud (90 días para resolverlas).',
    }),
  },
  content: {
    en: (p) => (p.channel === 'text' ? <VerificationText lang="en" firstName={p.firstName} due={p.data.documentsDueDate} /> : <SendDocuments lang="en" due={p.data.documentsDueDate} />),
    es: (p) => (p.channel === 'text' ? <VerificationText lang="es" firstName={p.firstName} due={p.data.documentsDueDate} /> : <SendDocuments lang="es" due={p.data.documentsDueDate} />),
  },
  example: { documentsDueDate: '2027-02-03', items: ['income', 'citizenship'] },
});

function VerificationText(props: { lang: 'en' | 'es'; firstName: string; due: string }) {
  const n = useNotice();
  const { lang } = props;
  const head =
    lang === 'en'
      ? `${n.profile.exchangeName}: ${props.firstName}, we need documents from you by ${day(props.due, lang)}. `
      : `${n.profile.exchangeName}: ${props.firstName}, necesitamos documentos suyos a más tardar el ${day(props.due, lang)}. `;
  let tail: string;
  if (n.variant === 'upload-online') {
    n.uses('document-upload');
    tail = lang === 'en' ? `Upload them: ${n.link('documents')}` : `Envíelos en línea: ${n.link('documents')}`;
  } else tail = lang === 'en' ? 'Your letter says where to mail them.' : 'Su carta indica adónde enviarlos por correo.';
  return <p>{head + tail}</p>;
}
