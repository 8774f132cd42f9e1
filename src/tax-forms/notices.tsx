/**
 * The notice type that delivers Form 1095-A (registered in
 * src/notices/catalogue.ts): a formal notice whose letter is the statement
 * itself — Part I, II and III in the form's order and line numbers, with the
 * CORRECTED or VOID box — in English and Spanish, with the taglines. For a
 * person who reads notices online it is posted to their notices with an
 * email alert that says nothing of it (src/notices/alert.tsx); the letter's
 * PDF can be downloaded there (docs/adr/0111-form-1095-a-delivery.md).
 *
 * Its data is the recipient's copy of the statement: each SSN as its last
 * four digits only (the form's instructions allow the recipient's copy to
 * truncate it), never the sealed value, its hash, or the whole number.
 */
import { z } from 'zod';
import { defineNotice } from '../notices/declaration.js';
import { day, money } from '../notices/content/parts.js';
import type { StatementKind } from './schema.js';
import type { StatementContent, StatementPerson } from './statement.js';

type Lang = 'en' | 'es';
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const cents = z.number().int().min(-100_000_000).max(100_000_000);
const name = z.string().max(200);
const last4 = z.string().regex(/^\d{4}$/);

const personSchema = z.object({ firstName: name, lastName: name, ssnLast4: last4.nullable(), dateOfBirth: isoDate.nullable() });
const monthSchema = z.object({ premiumCents: cents, slcspCents: cents, aptcCents: cents });

export const form1095aSchema = z.object({
  statementId: z.string().uuid(),
  kind: z.enum(['original', 'corrected', 'void']),
  coverageYear: z.number().int().min(2014).max(2100),
  marketplaceId: z.string().min(1).max(40),
  policyNumber: z.string().min(1).max(40),
  issuerName: z.string().min(1).max(200),
  recipient: personSchema,
  spouse: personSchema.nullable(),
  policyStart: isoDate,
  policyEnd: isoDate,
  address: z.object({ line1: z.string().max(200), line2: z.string().max(200), city: z.string().max(100), state: z.string().max(2), zip: z.string().max(10) }).nullable(),
  covered: z.array(personSchema.extend({ coverageStart: isoDate, coverageEnd: isoDate })).max(50),
  months: z.array(monthSchema).length(12),
  totals: monthSchema,
});
export type Form1095aData = z.infer<typeof form1095aSchema>;

const shown = (p: StatementPerson) => ({ firstName: p.firstName, lastName: p.lastName, ssnLast4: p.ssn?.last4 ?? null, dateOfBirth: p.dateOfBirth });

/** The recipient's copy of a statement as the notice carries it: last four digits of each SSN, nothing sealed. Pure. */
export function recipientCopy(statement: { id: string; kind: StatementKind; content: StatementContent }): Form1095aData {
  const c = statement.content;
  return {
    statementId: statement.id,
    kind: statement.kind,
    coverageYear: c.coverageYear,
    marketplaceId: c.marketplaceId,
    policyNumber: c.policyNumber,
    issuerName: c.issuerName,
    recipient: shown(c.recipient),
    spouse: c.spouse ? shown(c.spouse) : null,
    policyStart: c.policyStart,
    policyEnd: c.policyEnd,
    address: c.address,
    covered: c.covered.map((p) => ({ ...shown(p), coverageStart: p.coverageStart, coverageEnd: p.coverageEnd })),
    months: c.months.map((m) => ({ premiumCents: m.premiumCents, slcspCents: m.slcspCents, aptcCents: m.aptcCents })),
    totals: { premiumCents: c.totals.premiumCents, slcspCents: c.totals.slcspCents, aptcCents: c.totals.aptcCents },
  };
}

const MONTHS: Record<Lang, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: ['Enero', 'Febrero', 'Marzo', 'Abril', 'Mayo', 'Junio', 'Julio', 'Agosto', 'Septiembre', 'Octubre', 'Noviembre', 'Diciembre'],
};

const W = {
  en: {
    title: (d: Form1095aData) => `Form 1095-A, Health Insurance Marketplace Statement, ${d.coverageYear}${d.kind === 'corrected' ? ' (corrected)' : d.kind === 'void' ? ' (void)' : ''}`,
    box: {
      original: 'CORRECTED: not checked. VOID: not checked.',
      corrected: 'CORRECTED: checked. This statement replaces the one we sent before.',
      void: 'VOID: checked. This statement cancels the one we sent before.',
    },
    partI: 'Part I. Recipient information',
    partII: 'Part II. Covered individuals',
    partIII: 'Part III. Coverage information',
    l1: 'Line 1. Marketplace identifier',
    l2: 'Line 2. Marketplace-assigned policy number',
    l3: 'Line 3. Policy issuer’s name',
    l4: 'Line 4. Recipient’s name',
    l5: 'Line 5. Recipient’s SSN (last four digits)',
    l6: 'Line 6. Recipient’s date of birth',
    l7: 'Line 7. Recipient’s spouse’s name',
    l8: 'Line 8. Recipient’s spouse’s SSN (last four digits)',
    l9: 'Line 9. Recipient’s spouse’s date of birth',
    l10: 'Line 10. Policy start date',
    l11: 'Line 11. Policy termination date',
    l12: 'Lines 12 to 15. Address',
    none: 'none',
    ssn: (s: string | null) => (s ? `XXX-XX-${s}` : 'not on file'),
    person: (i: number, p: Form1095aData['covered'][number]) =>
      `Line ${22 + i}. ${p.firstName} ${p.lastName}; SSN (last four digits): ${p.ssnLast4 ? `XXX-XX-${p.ssnLast4}` : 'none'}${p.ssnLast4 ? '' : `; date of birth: ${p.dateOfBirth ? day(p.dateOfBirth, 'en') : 'none'}`}; coverage start: ${day(p.coverageStart, 'en')}; coverage end: ${day(p.coverageEnd, 'en')}.`,
    month: (line: number, label: string, m: Form1095aData['totals']) =>
      `Line ${line}. ${label}: A. Monthly enrollment premiums ${money(m.premiumCents, 'en')}; B. Monthly second lowest cost silver plan (SLCSP) premium ${money(m.slcspCents, 'en')}; C. Monthly advance payment of premium tax credit ${money(m.aptcCents, 'en')}.`,
    annual: 'Annual totals',
    keep: 'Keep this statement with your tax records. You need it to file Form 8962, Premium Tax Credit, with your federal income tax return. The IRS receives the same information from us.',
    voidNote: 'Your policy was cancelled back to its start, so there is nothing to report for it: do not use the statement we sent before.',
  },
  es: {
    title: (d: Form1095aData) => `Formulario 1095-A, Declaración del Mercado de Seguros Médicos, ${d.coverageYear}${d.kind === 'corrected' ? ' (corregido)' : d.kind === 'void' ? ' (anulado)' : ''}`,
    box: {
      original: 'CORREGIDO: sin marcar. ANULADO: sin marcar.',
      corrected: 'CORREGIDO: marcado. Esta declaración reemplaza la que le enviamos antes.',
      void: 'ANULADO: marcado. Esta declaración cancela la que le enviamos antes.',
    },
    partI: 'Parte I. Información del destinatario',
    partII: 'Parte II. Personas cubiertas',
    partIII: 'Parte III. Información de la cobertura',
    l1: 'Línea 1. Identificador del Mercado',
    l2: 'Línea 2. Número de póliza asignado por el Mercado',
    l3: 'Línea 3. Nombre de la aseguradora',
    l4: 'Línea 4. Nombre del destinatario',
    l5: 'Línea 5. Número de Seguro Social del destinatario (últimos cuatro dígitos)',
    l6: 'Línea 6. Fecha de nacimiento del destinatario',
    l7: 'Línea 7. Nombre del cónyuge del destinatario',
    l8: 'Línea 8. Número de Seguro Social del cónyuge (últimos cuatro dígitos)',
    l9: 'Línea 9. Fecha de nacimiento del cónyuge',
    l10: 'Línea 10. Fecha de inicio de la póliza',
    l11: 'Línea 11. Fecha de terminación de la póliza',
    l12: 'Líneas 12 a 15. Dirección',
    none: 'ninguno',
    ssn: (s: string | null) => (s ? `XXX-XX-${s}` : 'no consta'),
    person: (i: number, p: Form1095aData['covered'][number]) =>
      `Línea ${22 + i}. ${p.firstName} ${p.lastName}; Número de Seguro Social (últimos cuatro dígitos): ${p.ssnLast4 ? `XXX-XX-${p.ssnLast4}` : 'ninguno'}${p.ssnLast4 ? '' : `; fecha de nacimiento: ${p.dateOfBirth ? day(p.dateOfBirth, 'es') : 'ninguna'}`}; inicio de la cobertura: ${day(p.coverageStart, 'es')}; fin de la cobertura: ${day(p.coverageEnd, 'es')}.`,
    month: (line: number, label: string, m: Form1095aData['totals']) =>
      `Línea ${line}. ${label}: A. Primas mensuales de inscripción ${money(m.premiumCents, 'es')}; B. Prima mensual del segundo plan plata de menor costo (SLCSP) ${money(m.slcspCents, 'es')}; C. Pago mensual por adelantado del crédito fiscal para la prima ${money(m.aptcCents, 'es')}.`,
    annual: 'Totales anuales',
    keep: 'Guarde esta declaración con sus documentos de impuestos. La necesita para presentar el Formulario 8962, Crédito Tributario de Prima, con su declaración federal de impuestos. El IRS recibe de nosotros la misma información.',
    voidNote: 'Su póliza se canceló desde su inicio, así que no hay nada que declarar: no use la declaración que le enviamos antes.',
  },
} as const;

function Statement(props: { lang: Lang; data: Form1095aData }) {
  const { lang, data: d } = props;
  const w = W[lang];
  const when = (iso: string | null) => (iso ? day(iso, lang) : w.none);
  const addr = d.address ? [d.address.line1, d.address.line2, `${d.address.city}, ${d.address.state} ${d.address.zip}`].filter(Boolean).join(', ') : w.none;
  return (
    <section class="form-1095-a">
      <p>
        <strong>{w.box[d.kind]}</strong>
      </p>
      {d.kind === 'void' && <p>{w.voidNote}</p>}
      <h2>{w.partI}</h2>
      <ul>
        <li>{`${w.l1}: ${d.marketplaceId}`}</li>
        <li>{`${w.l2}: ${d.policyNumber}`}</li>
        <li>{`${w.l3}: ${d.issuerName}`}</li>
        <li>{`${w.l4}: ${d.recipient.firstName} ${d.recipient.lastName}`}</li>
        <li>{`${w.l5}: ${w.ssn(d.recipient.ssnLast4)}`}</li>
        <li>{`${w.l6}: ${d.recipient.ssnLast4 ? w.none : when(d.recipient.dateOfBirth)}`}</li>
        <li>{`${w.l7}: ${d.spouse ? `${d.spouse.firstName} ${d.spouse.lastName}` : w.none}`}</li>
        <li>{`${w.l8}: ${d.spouse ? w.ssn(d.spouse.ssnLast4) : w.none}`}</li>
        <li>{`${w.l9}: ${d.spouse && !d.spouse.ssnLast4 ? when(d.spouse.dateOfBirth) : w.none}`}</li>
        <li>{`${w.l10}: ${day(d.policyStart, lang)}`}</li>
        <li>{`${w.l11}: ${day(d.policyEnd, lang)}`}</li>
        <li>{`${w.l12}: ${addr}`}</li>
      </ul>
      <h2>{w.partII}</h2>
      <ul>
        {d.covered.map((p, i) => (
          <li key={i}>{w.person(i, p)}</li>
        ))}
      </ul>
      <h2>{w.partIII}</h2>
      <ul>
        {d.months.map((m, i) => (
          <li key={i}>{w.month(21 + i, MONTHS[lang][i]!, m)}</li>
        ))}
        <li>{w.month(33, w.annual, d.totals)}</li>
      </ul>
      <p>{w.keep}</p>
    </section>
  );
}

const SUBJECT: Record<Lang, (d: Form1095aData) => string> = {
  en: (d) => W.en.title(d),
  es: (d) => W.es.title(d),
};

export const form1095aNotice = defineNotice<Form1095aData>({
  id: 'form-1095-a',
  kind: 'formal',
  document: true,
  // Never a text: the statement is a document, and its alert says nothing of it.
  channels: ['email', 'letter'],
  schema: form1095aSchema,
  variants: [{ id: 'statement', needs: [] }],
  whenUnavailable: { kind: 'alternative' },
  // A tax document stays useful through the filing season and after (amended returns): three years.
  latestUseful: (_d, q) => new Date(q.getTime() + 3 * 365 * 24 * 3_600_000),
  subject: SUBJECT,
  content: {
    en: (p) => <Statement lang="en" data={p.data} />,
    es: (p) => <Statement lang="es" data={p.data} />,
  },
  formal: {
    en: (d) => ({
      action:
        d.kind === 'void'
          ? `We cancelled the Form 1095-A we sent you for ${d.coverageYear} (policy ${d.policyNumber}).`
          : d.kind === 'corrected'
            ? `Here is your corrected Form 1095-A for ${d.coverageYear} (policy ${d.policyNumber}). It replaces the one we sent before.`
            : `Here is your Form 1095-A for ${d.coverageYear} (policy ${d.policyNumber}).`,
      effectiveDate: day(`${d.coverageYear}-12-31`, 'en'),
      facts: [`It covers ${day(d.policyStart, 'en')} to ${day(d.policyEnd, 'en')} with ${d.issuerName}.`, 'We send a copy of this information to the IRS.'],
      rule: '26 U.S.C. 36B(f)(3) and 26 CFR 1.36B-5: the Marketplace’s annual statement of coverage and advance payments of the premium tax credit.',
    }),
    es: (d) => ({
      action:
        d.kind === 'void'
          ? `Anulamos el Formulario 1095-A que le enviamos para ${d.coverageYear} (póliza ${d.policyNumber}).`
          : d.kind === 'corrected'
            ? `Aquí está su Formulario 1095-A corregido para ${d.coverageYear} (póliza ${d.policyNumber}). Reemplaza el que le enviamos antes.`
            : `Aquí está su Formulario 1095-A para ${d.coverageYear} (póliza ${d.policyNumber}).`,
      effectiveDate: day(`${d.coverageYear}-12-31`, 'es'),
      facts: [`Cubre del ${day(d.policyStart, 'es')} al ${day(d.policyEnd, 'es')} con ${d.issuerName}.`, 'Enviamos una copia de esta información al IRS.'],
      rule: '26 U.S.C. 36B(f)(3) y 26 CFR 1.36B-5: la declaración anual del Mercado sobre la cobertura y los pagos por adelantado del crédito fiscal para la prima.',
    }),
  },
  example: {
    statementId: '00000000-0000-4000-8000-000000000001',
    kind: 'corrected',
    coverageYear: 2026,
    marketplaceId: '50.VT*.SBE.001.001',
    policyNumber: 'VT-2026-000123',
    issuerName: 'MVP Health Plan',
    recipient: { firstName: 'Ada', lastName: 'Example', ssnLast4: '6789', dateOfBirth: '1990-03-01' },
    spouse: null,
    policyStart: '2026-05-01',
    policyEnd: '2026-12-31',
    address: { line1: '1 Main Street', line2: '', city: 'Montpelier', state: 'VT', zip: '05602' },
    covered: [{ firstName: 'Ada', lastName: 'Example', ssnLast4: '6789', dateOfBirth: '1990-03-01', coverageStart: '2026-05-01', coverageEnd: '2026-12-31' }],
    months: [
      ...Array.from({ length: 4 }, () => ({ premiumCents: 0, slcspCents: 0, aptcCents: 0 })),
      ...Array.from({ length: 8 }, () => ({ premiumCents: 127_463, slcspCents: 129_918, aptcCents: 80_000 })),
    ],
    totals: { premiumCents: 1_019_704, slcspCents: 1_039_344, aptcCents: 640_000 },
  },
});
