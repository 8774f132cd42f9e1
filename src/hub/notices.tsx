/**
 * The notice types the hub link adds (registered in src/notices/catalogue.ts):
 * an inconsistency that ran out and what changes, and the review of a
 * document. `verification-needed` (the first notice and the reminders) is
 * declared with the eligibility notices.
 */
import { z } from 'zod';
import { defineNotice } from '../notices/declaration.js';
import { Cta, day, formatAddress, useNotice } from '../notices/content/parts.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const item = z.enum(['income', 'citizenship', 'immigration', 'ssn', 'coverage']);
const DAY = 24 * 3_600_000;

const ITEM = {
  income: { en: 'your income', es: 'sus ingresos' },
  citizenship: { en: 'your citizenship', es: 'su ciudadanía' },
  immigration: { en: 'your immigration status', es: 'su estatus migratorio' },
  ssn: { en: 'your Social Security number', es: 'su número de Seguro Social' },
  coverage: { en: 'other health coverage', es: 'otra cobertura médica' },
} as const;

// ── verification-expired ──────────────────────────────────────────────
const expiredSchema = z.object({ expiredOn: isoDate, item, consequence: z.enum(['end-financial-help', 'end-coverage']), effectiveDate: isoDate });
type Expired = z.infer<typeof expiredSchema>;

function ExpiredNext(props: { lang: 'en' | 'es' }) {
  const n = useNotice();
  if (n.channel === 'text') return null;
  const address = formatAddress(n.profile.applicationsMailingAddress, n.profile.applicationsMailingAddress.name).join(', ');
  if (n.variant === 'call') {
    n.uses('call-centre');
    const line = n.profile.phoneLines.customerSupport;
    return props.lang === 'en' ? (
      <p>
        If you have the documents now, send them to {address} and we will look again. Questions: call {line.name.en} at {line.number}.
      </p>
    ) : (
      <p>
        Si ahora tiene los documentos, envíelos a {address} y volveremos a revisar. Preguntas: llame al {line.name.es} al {line.number}.
      </p>
    );
  }
  return props.lang === 'en' ? (
    <p>If you have the documents now, send them to {address} and we will look again.</p>
  ) : (
    <p>Si ahora tiene los documentos, envíelos a {address} y volveremos a revisar.</p>
  );
}

export const verificationExpired = defineNotice<Expired>({
  id: 'verification-expired',
  kind: 'formal',
  channels: ['letter', 'email'],
  schema: expiredSchema,
  variants: [
    { id: 'call', needs: ['call-centre'] },
    { id: 'notice', needs: [] },
  ],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: (_d, q) => new Date(q.getTime() + 30 * DAY),
  subject: { en: () => 'A change to your coverage', es: () => 'Un cambio en su cobertura' },
  formal: {
    en: (d) => ({
      action:
        d.consequence === 'end-financial-help'
          ? `Your help paying for coverage ends on ${day(d.effectiveDate, 'en')}.`
          : `Your coverage through the exchange ends before ${day(d.effectiveDate, 'en')}.`,
      effectiveDate: day(d.effectiveDate, 'en'),
      facts: [`We asked for proof of ${ITEM[d.item].en}.`, `We did not receive what we needed by ${day(d.expiredOn, 'en')}.`],
      rule: '45 CFR 155.315(f)(5): when an inconsistency is not resolved within its period, eligibility is decided on the data available.',
    }),
    es: (d) => ({
      action:
        d.consequence === 'end-financial-help'
          ? `Su ayuda para pagar la cobertura termina el ${day(d.effectiveDate, 'es')}.`
          : `Su cobertura a través del mercado termina antes del ${day(d.effectiveDate, 'es')}.`,
      effectiveDate: day(d.effectiveDate, 'es'),
      facts: [`Le pedimos un comprobante de ${ITEM[d.item].es}.`, `No recibimos lo que necesitábamos a más tardar el ${day(d.expiredOn, 'es')}.`],
      rule: '45 CFR 155.315(f)(5): cuando una discrepancia no se resuelve en su plazo, la elegibilidad se decide con los datos disponibles.',
    }),
  },
  content: {
    en: () => <ExpiredNext lang="en" />,
    es: () => <ExpiredNext lang="es" />,
  },
  example: { expiredOn: '2027-04-10', item: 'income', consequence: 'end-financial-help', effectiveDate: '2027-05-01' },
});

// ── document-reviewed ─────────────────────────────────────────────────
const reviewedSchema = z.object({ item, accepted: z.boolean(), reviewedOn: isoDate, documentsDueDate: isoDate });
type Reviewed = z.infer<typeof reviewedSchema>;

function Reviewed(props: { lang: 'en' | 'es'; data: Reviewed }) {
  const n = useNotice();
  const { lang, data } = props;
  if (data.accepted) {
    return <p>{lang === 'en' ? `We accepted your document about ${ITEM[data.item].en}. Nothing more is needed.` : `Aceptamos su documento sobre ${ITEM[data.item].es}. No necesitamos nada más.`}</p>;
  }
  const address = formatAddress(n.profile.applicationsMailingAddress, n.profile.applicationsMailingAddress.name).join(', ');
  return (
    <>
      <p>
        {lang === 'en'
          ? `We could not accept your document about ${ITEM[data.item].en}. Please send another one by ${day(data.documentsDueDate, lang)}.`
          : `No pudimos aceptar su documento sobre ${ITEM[data.item].es}. Envíe otro a más tardar el ${day(data.documentsDueDate, lang)}.`}
      </p>
      {n.channel !== 'text' && n.variant === 'upload-online' && <Cta target="documents">{lang === 'en' ? 'Upload a document' : 'Enviar un documento en línea'}</Cta>}
      {n.channel !== 'text' && <p>{lang === 'en' ? `Or mail a copy to ${address}.` : `O envíe una copia por correo a ${address}.`}</p>}
    </>
  );
}

export const documentReviewed = defineNotice<Reviewed>({
  id: 'document-reviewed',
  kind: 'informational',
  channels: ['email', 'letter'],
  schema: reviewedSchema,
  variants: [
    { id: 'upload-online', needs: (d) => (d.accepted ? [] : ['document-upload']) },
    { id: 'send-by-mail', needs: [] },
  ],
  whenUnavailable: { kind: 'alternative' },
  latestUseful: (d, q) => new Date(Math.max(q.getTime() + 7 * DAY, Date.parse(`${d.documentsDueDate}T23:59:00Z`))),
  subject: { en: () => 'We reviewed your document', es: () => 'Revisamos su documento' },
  content: {
    en: (p) => <Reviewed lang="en" data={p.data} />,
    es: (p) => <Reviewed lang="es" data={p.data} />,
  },
  example: { item: 'income', accepted: false, reviewedOn: '2027-02-01', documentsDueDate: '2027-04-10' },
});
