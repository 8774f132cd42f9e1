/**
 * What staff read for the notices' machine names: each notice type's label,
 * the channels, and a campaign's name (its notice, its audience and its start),
 * in English and Spanish.
 */
import type { Lang } from '../web/i18n.js';
import { formatDate } from '../web/i18n.js';

const TYPE_LABELS: Record<string, Record<Lang, string>> = {
  'binder-cancelled': { en: 'Coverage cancelled: first payment not received', es: 'Cobertura cancelada: no se recibió el primer pago' },
  'coverage-reinstated': { en: 'Coverage reinstated', es: 'Cobertura restablecida' },
  'coverage-terminated': { en: 'Coverage ended for non-payment', es: 'Cobertura terminada por falta de pago' },
  'document-reviewed': { en: 'Document reviewed', es: 'Documento revisado' },
  'eligibility-result': { en: 'Eligibility results', es: 'Resultados de elegibilidad' },
  'grace-period-started': { en: 'Grace period started', es: 'Comienzo del período de gracia' },
  'invoice-ready': { en: 'New bill', es: 'Nueva factura' },
  'open-enrollment-reminder': { en: 'Open enrollment reminder', es: 'Recordatorio de inscripción abierta' },
  'payment-received': { en: 'Payment received', es: 'Pago recibido' },
  'payment-reminder': { en: 'Payment reminder', es: 'Recordatorio de pago' },
  'payment-returned': { en: 'Payment returned by the bank', es: 'Pago devuelto por el banco' },
  renewal: { en: 'Coverage renewed', es: 'Cobertura renovada' },
  'renewal-ended': { en: 'Coverage not renewed', es: 'Cobertura no renovada' },
  'service-restored': { en: 'Service restored', es: 'Servicio restablecido' },
  'termination-warning': { en: 'Coverage ending: last warning', es: 'La cobertura termina: último aviso' },
  'verification-expired': { en: 'Verification deadline passed', es: 'Venció el plazo de verificación' },
  'verification-needed': { en: 'Documents needed', es: 'Se necesitan documentos' },
};

const CHANNEL_LABELS: Record<string, Record<Lang, string>> = {
  email: { en: 'Email', es: 'Correo electrónico' },
  letter: { en: 'Letter', es: 'Carta' },
  text: { en: 'Text message', es: 'Mensaje de texto' },
};

/** A notice type's label; a type without one (declared later) reads as its id with spaces. */
export function noticeTypeLabel(id: string, lang: Lang): string {
  const l = Object.hasOwn(TYPE_LABELS, id) ? TYPE_LABELS[id] : undefined;
  if (l) return l[lang];
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function hasNoticeTypeLabel(id: string): boolean {
  return Object.hasOwn(TYPE_LABELS, id);
}

export function channelLabel(channel: string, lang: Lang): string {
  return (Object.hasOwn(CHANNEL_LABELS, channel) ? CHANNEL_LABELS[channel]![lang] : undefined) ?? channel;
}

const TO = { en: 'to', es: 'para' } as const;

/** A campaign's name: "Payment reminder to Demo enrollees (seeded), November 9, 2026". */
export function campaignName(c: { noticeType: string; audienceLabel: string; startAt: Date }, lang: Lang, timeZone?: string): string {
  return `${noticeTypeLabel(c.noticeType, lang)} ${TO[lang]} ${c.audienceLabel}, ${formatDate(c.startAt, lang, timeZone)}`;
}
