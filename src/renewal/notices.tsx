/**
 * The notice types annual renewal adds (registered in src/notices/catalogue.ts):
 * `renewal` tells a household what it will pay in January, in which plan, what
 * changed and why, and how to update its information or choose another plan
 * before the deadline; `renewal-ended` tells a household that is not renewed
 * why, and what it can do. Both are formal notices (45 CFR 155.335(c),
 * 155.230), in English and Spanish, whose call to action is chosen when sent.
 */
import { z } from 'zod';
import { defineNotice } from '../notices/declaration.js';
import { CallUs, Cta, day, formatAddress, money, monthName, useNotice } from '../notices/content/parts.js';
import { localInstant } from '../notices/rules.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const cents = z.number().int().min(0).max(100_000_000);
const DAY = 24 * 3_600_000;
type Lang = 'en' | 'es';
/** The plan year as its first month ("January 2027"): a bare year would read like a number about the person. */
const Y = (d: { planYear: number }, lang: Lang) => monthName(`${d.planYear}-01-01`, lang);

/** Why the January amounts or plan differ from this year's; codes only, never the person's data. */
export const RENEWAL_CHANGES = ['crosswalk', 'other-plan', 'bronze-to-silver', 'premium-up', 'premium-down', 'credit-up', 'credit-down', 'cost-sharing', 'no-income-consent', 'income-check'] as const;
export type RenewalChange = (typeof RENEWAL_CHANGES)[number];

const renewalSchema = z.object({
  planYear: z.number().int().min(2000).max(2100),
  planName: z.string().min(1).max(200),
  carrierName: z.string().min(1).max(200),
  coverageStart: isoDate,
  chooseBy: isoDate,
  grossPremiumCents: cents,
  creditCents: cents,
  stateAssistanceCents: cents,
  netPremiumCents: cents,
  previousNetCents: cents.nullable(),
  changes: z.array(z.enum(RENEWAL_CHANGES)),
  /** A table or the catalog of the year is provisional: the amounts are labelled as an estimate. */
  estimate: z.boolean().optional(),
});
export type RenewalNoticeData = z.infer<typeof renewalSchema>;

const CHANGE_TEXT: Record<RenewalChange, Record<Lang, (d: RenewalNoticeData) => string>> = {
  crosswalk: {
    en: (d) => `Your insurer no longer offers your plan from ${Y(d, 'en')}. It named ${d.planName} to replace it.`,
    es: (d) => `Su aseguradora ya no ofrece su plan desde ${Y(d, 'es')}. Indicó ${d.planName} para reemplazarlo.`,
  },
  'other-plan': {
    en: (d) => `Your plan is not offered from ${Y(d, 'en')}. We chose ${d.planName}, the closest plan of the same insurer (same product and metal level where possible).`,
    es: (d) => `Su plan no se ofrece desde ${Y(d, 'es')}. Elegimos ${d.planName}, el plan más parecido de la misma aseguradora (el mismo producto y nivel de metal cuando es posible).`,
  },
  'bronze-to-silver': {
    en: () => 'You now qualify for lower deductibles and copays on a silver plan, and this silver plan costs you no more than your bronze plan would, so we chose it.',
    es: () => 'Ahora califica para deducibles y copagos más bajos en un plan plata, y este plan plata no le cuesta más que su plan bronce, por eso lo elegimos.',
  },
  'premium-up': {
    en: () => 'What you pay goes up: the plan’s price for next year or your help paying for it changed.',
    es: () => 'Lo que usted paga aumenta: cambió el precio del plan para el próximo año o su ayuda para pagarlo.',
  },
  'premium-down': {
    en: () => 'What you pay goes down: the plan’s price for next year or your help paying for it changed.',
    es: () => 'Lo que usted paga baja: cambió el precio del plan para el próximo año o su ayuda para pagarlo.',
  },
  'credit-up': {
    en: () => 'Your premium tax credit is larger next year (next year’s benchmark plan and rules).',
    es: () => 'Su crédito fiscal para la prima es mayor el próximo año (el plan de referencia y las reglas del próximo año).',
  },
  'credit-down': {
    en: () => 'Your premium tax credit is smaller next year (next year’s benchmark plan and rules).',
    es: () => 'Su crédito fiscal para la prima es menor el próximo año (el plan de referencia y las reglas del próximo año).',
  },
  'cost-sharing': {
    en: () => 'Your deductibles and copays change next year: we decided again which savings on out-of-pocket costs you qualify for.',
    es: () => 'Sus deducibles y copagos cambian el próximo año: decidimos de nuevo qué ahorros en gastos de bolsillo le corresponden.',
  },
  'no-income-consent': {
    en: () => 'You did not allow us to check your income with the IRS, so we renewed your plan without help paying for it. Update your application to ask for help.',
    es: () => 'No nos permitió verificar sus ingresos con el IRS, así que renovamos su plan sin ayuda para pagarlo. Actualice su solicitud para pedir ayuda.',
  },
  'income-check': {
    en: () => 'We are checking your income with the IRS, as you allowed. If it does not match what you told us, we will write to you.',
    es: () => 'Estamos verificando sus ingresos con el IRS, como usted lo permitió. Si no coinciden con lo que nos dijo, le escribiremos.',
  },
};

function ChangePlan(props: { lang: Lang; chooseBy: string; year: number }) {
  const n = useNotice();
  const { lang } = props;
  if (n.channel === 'text') return null;
  const by = day(props.chooseBy, lang);
  switch (n.variant) {
    case 'update-online':
      return <Cta target="shop">{lang === 'en' ? `Update your information or choose another plan by ${by}` : `Actualice su información o elija otro plan a más tardar el ${by}`}</Cta>;
    case 'update-by-phone':
      return <CallUs>{lang === 'en' ? `To update your information or choose another plan, call by ${by}.` : `Para actualizar su información o elegir otro plan, llame a más tardar el ${by}.`}</CallUs>;
    default: {
      const address = formatAddress(n.profile.applicationsMailingAddress, n.profile.applicationsMailingAddress.name).join(', ');
      return (
        <p>
          {lang === 'en'
            ? `To update your information or choose another plan, write to ${address} so that we receive it by ${by}.`
            : `Para actualizar su información o elegir otro plan, escriba a ${address} de modo que lo recibamos a más tardar el ${by}.`}
        </p>
      );
    }
  }
}

function RenewalText(props: { lang: Lang; d: RenewalNoticeData; firstName: string }) {
  const n = useNotice();
  const { lang, d } = props;
  const head =
    lang === 'en'
      ? `${n.profile.exchangeName}: ${props.firstName}, we renewed your health plan: ${money(d.netPremiumCents, lang)} a month${d.estimate ? ' (estimate)' : ''} from ${Y(d, lang)}. To change it, act by ${day(d.chooseBy, lang)}. `
      : `${n.profile.exchangeName}: ${props.firstName}, renovamos su plan médico: ${money(d.netPremiumCents, lang)} al mes${d.estimate ? ' (estimado)' : ''} desde ${Y(d, lang)}. Para cambiarlo, actúe a más tardar el ${day(d.chooseBy, lang)}. `;
  let tail: string;
  if (n.variant === 'update-online') {
    n.uses('plan-shopping');
    tail = lang === 'en' ? `Compare plans: ${n.link('shop')}` : `Compare planes: ${n.link('shop')}`;
  } else tail = lang === 'en' ? 'Your letter has the details.' : 'Su carta tiene los detalles.';
  return <p>{head + tail}</p>;
}

export const renewalNotice = defineNotice<RenewalNoticeData>({
  id: 'renewal',
  kind: 'formal',
  channels: ['letter', 'email', 'text'],
  schema: renewalSchema,
  variants: [
    { id: 'update-online', needs: ['plan-shopping'] },
    { id: 'update-by-phone', needs: ['call-centre'] },
    { id: 'notice', needs: [] },
  ],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: (d, q, tz) => new Date(Math.max(q.getTime() + 7 * DAY, localInstant(d.chooseBy, '23:59', tz).getTime())),
  subject: { en: (d) => `Your coverage from ${Y(d, 'en')} is renewed`, es: (d) => `Su cobertura desde ${Y(d, 'es')} está renovada` },
  formal: {
    en: (d) => ({
      action: `We renewed your coverage from ${Y(d, 'en')}. If you do nothing, you will be enrolled in ${d.planName} (${d.carrierName}) from ${day(d.coverageStart, 'en')}.`,
      effectiveDate: day(d.coverageStart, 'en'),
      facts: [
        `In January you will pay ${money(d.netPremiumCents, 'en')} a month for ${d.planName}${d.estimate ? ' (an estimate)' : ''}.`,
        ...(d.estimate
          ? ['These amounts are an estimate: some of next year’s figures (federal tables or the insurers’ rates) are not published yet. If the published figures change them, we will write to you.']
          : []),
        `The plan costs ${money(d.grossPremiumCents, 'en')} a month; your premium tax credit pays ${money(d.creditCents, 'en')}${d.stateAssistanceCents > 0 ? ` and state premium assistance ${money(d.stateAssistanceCents, 'en')}` : ''}.`,
        ...(d.previousNetCents !== null ? [`This year you pay ${money(d.previousNetCents, 'en')} a month.`] : []),
        ...d.changes.map((c) => CHANGE_TEXT[c].en(d)),
        `You do not need to make a first payment to keep this coverage: your January bill comes as usual.`,
        `To choose another plan or report a change, act by ${day(d.chooseBy, 'en')}; your choice then replaces this renewal from ${day(d.coverageStart, 'en')}.`,
      ],
      rule: '45 CFR 155.335 and 155.335(j): annual eligibility redetermination, and re-enrollment in the same or a similar plan.',
    }),
    es: (d) => ({
      action: `Renovamos su cobertura desde ${Y(d, 'es')}. Si no hace nada, quedará inscrito en ${d.planName} (${d.carrierName}) desde el ${day(d.coverageStart, 'es')}.`,
      effectiveDate: day(d.coverageStart, 'es'),
      facts: [
        `En enero pagará ${money(d.netPremiumCents, 'es')} al mes por ${d.planName}${d.estimate ? ' (un cálculo estimado)' : ''}.`,
        ...(d.estimate
          ? [
              'Estas cantidades son un cálculo estimado: algunas cifras del próximo año (tablas federales o tarifas de las aseguradoras) todavía no se han publicado. Si las cifras publicadas las cambian, le escribiremos.',
            ]
          : []),
        `El plan cuesta ${money(d.grossPremiumCents, 'es')} al mes; su crédito fiscal para la prima paga ${money(d.creditCents, 'es')}${d.stateAssistanceCents > 0 ? ` y la asistencia estatal para la prima ${money(d.stateAssistanceCents, 'es')}` : ''}.`,
        ...(d.previousNetCents !== null ? [`Este año paga ${money(d.previousNetCents, 'es')} al mes.`] : []),
        ...d.changes.map((c) => CHANGE_TEXT[c].es(d)),
        `No necesita hacer un primer pago para mantener esta cobertura: su factura de enero llegará como siempre.`,
        `Para elegir otro plan o informar un cambio, hágalo a más tardar el ${day(d.chooseBy, 'es')}; su elección reemplazará esta renovación desde el ${day(d.coverageStart, 'es')}.`,
      ],
      rule: '45 CFR 155.335 y 155.335(j): redeterminación anual de elegibilidad, y reinscripción en el mismo plan o en uno similar.',
    }),
  },
  content: {
    en: (p) => (p.channel === 'text' ? <RenewalText lang="en" d={p.data} firstName={p.firstName} /> : <ChangePlan lang="en" chooseBy={p.data.chooseBy} year={p.data.planYear} />),
    es: (p) => (p.channel === 'text' ? <RenewalText lang="es" d={p.data} firstName={p.firstName} /> : <ChangePlan lang="es" chooseBy={p.data.chooseBy} year={p.data.planYear} />),
  },
  example: {
    planYear: 2027,
    planName: 'Blue Cross VT Silver',
    carrierName: 'Blue Cross and Blue Shield of Vermont',
    coverageStart: '2027-01-01',
    chooseBy: '2026-12-15',
    grossPremiumCents: 131_200,
    creditCents: 84_300,
    stateAssistanceCents: 0,
    netPremiumCents: 46_900,
    previousNetCents: 45_100,
    changes: ['premium-up', 'income-check'],
    estimate: true,
  },
});

// ── renewal-ended ─────────────────────────────────────────────────────
export const NOT_RENEWED = ['moved', 'ended', 'ineligible', 'no-plan', 'no-application'] as const;
const endedSchema = z.object({ planYear: z.number().int().min(2000).max(2100), reason: z.enum(NOT_RENEWED), coverageEnds: isoDate, chooseBy: isoDate });
export type RenewalEndedData = z.infer<typeof endedSchema>;

const WHY: Record<RenewalEndedData['reason'], Record<Lang, (d: RenewalEndedData) => string>> = {
  moved: {
    en: () => 'Your home address on file is outside the state, and the exchange covers people who live in the state.',
    es: () => 'Su dirección en nuestros registros está fuera del estado, y el mercado cubre a quienes viven en el estado.',
  },
  ended: {
    en: () => 'Your coverage through the exchange ended this year, so there is nothing to renew.',
    es: () => 'Su cobertura a través del mercado terminó este año, así que no hay nada que renovar.',
  },
  ineligible: {
    en: (d) => `With the information on file, nobody on your plan can buy coverage through the exchange from ${Y(d, 'en')} (for example, they may qualify for Medicaid or Dr. Dynasaur instead).`,
    es: (d) => `Con la información que tenemos, nadie en su plan puede comprar cobertura a través del mercado desde ${Y(d, 'es')} (por ejemplo, puede que califiquen para Medicaid o Dr. Dynasaur).`,
  },
  'no-plan': {
    en: (d) => `Your insurer offers no plan you can be moved into from ${Y(d, 'en')}.`,
    es: (d) => `Su aseguradora no ofrece desde ${Y(d, 'es')} ningún plan al que podamos pasarle.`,
  },
  'no-application': {
    en: () => 'We do not have an application from you with the information needed to decide again.',
    es: () => 'No tenemos una solicitud suya con la información necesaria para decidir de nuevo.',
  },
};

function NextStep(props: { lang: Lang; d: RenewalEndedData }) {
  const n = useNotice();
  const { lang, d } = props;
  if (n.channel === 'text') return null;
  if (d.reason === 'moved' || d.reason === 'ended') return null;
  const by = day(d.chooseBy, lang);
  if (n.variant === 'apply-online') {
    return (
      <Cta target="apply">{lang === 'en' ? `Apply for coverage from ${Y(d, lang)} and choose a plan by ${by}` : `Solicite cobertura desde ${Y(d, lang)} y elija un plan a más tardar el ${by}`}</Cta>
    );
  }
  if (n.variant === 'apply-by-phone')
    return <CallUs>{lang === 'en' ? `To apply for coverage from ${Y(d, lang)}, call by ${by}.` : `Para solicitar cobertura desde ${Y(d, lang)}, llame a más tardar el ${by}.`}</CallUs>;
  const address = formatAddress(n.profile.applicationsMailingAddress, n.profile.applicationsMailingAddress.name).join(', ');
  return (
    <p>
      {lang === 'en'
        ? `To apply for coverage from ${Y(d, lang)}, send a paper application to ${address} by ${by}.`
        : `Para solicitar cobertura desde ${Y(d, lang)}, envíe una solicitud en papel a ${address} a más tardar el ${by}.`}
    </p>
  );
}

export const renewalEndedNotice = defineNotice<RenewalEndedData>({
  id: 'renewal-ended',
  kind: 'formal',
  channels: ['letter', 'email'],
  schema: endedSchema,
  variants: [
    { id: 'apply-online', needs: (d) => (d.reason === 'moved' || d.reason === 'ended' ? [] : ['applications']) },
    { id: 'apply-by-phone', needs: ['call-centre'] },
    { id: 'notice', needs: [] },
  ],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: (d, q, tz) => new Date(Math.max(q.getTime() + 7 * DAY, localInstant(d.chooseBy, '23:59', tz).getTime())),
  subject: { en: (d) => `Your coverage will not be renewed from ${Y(d, 'en')}`, es: (d) => `Su cobertura no se renovará desde ${Y(d, 'es')}` },
  formal: {
    en: (d) => ({
      action: `We will not renew your coverage through the exchange from ${Y(d, 'en')}. Your coverage ends on ${day(d.coverageEnds, 'en')}.`,
      effectiveDate: day(d.coverageEnds, 'en'),
      facts: [WHY[d.reason].en(d), ...(d.reason === 'moved' ? ['If you still live in the state, tell us your address and we will look again.'] : [])],
      rule: '45 CFR 155.335 and 155.305: annual eligibility redetermination, and eligibility standards.',
    }),
    es: (d) => ({
      action: `No renovaremos su cobertura a través del mercado desde ${Y(d, 'es')}. Su cobertura termina el ${day(d.coverageEnds, 'es')}.`,
      effectiveDate: day(d.coverageEnds, 'es'),
      facts: [WHY[d.reason].es(d), ...(d.reason === 'moved' ? ['Si todavía vive en el estado, díganos su dirección y volveremos a revisar.'] : [])],
      rule: '45 CFR 155.335 y 155.305: redeterminación anual de elegibilidad, y normas de elegibilidad.',
    }),
  },
  content: {
    en: (p) => <NextStep lang="en" d={p.data} />,
    es: (p) => <NextStep lang="es" d={p.data} />,
  },
  example: { planYear: 2027, reason: 'ineligible', coverageEnds: '2026-12-31', chooseBy: '2026-12-15' },
});
