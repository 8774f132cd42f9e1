/**
 * The parts of the exchange that have a live status (the capability
 * registry). Later modules name these ids in their access rules, notices
 * and jobs; the list is append-only.
 */
import type { Localized } from '../states/profile.js';

export const CAPABILITY_IDS = [
  'sign-in',
  'applications',
  'identity-proofing',
  'hub-verification',
  'plan-shopping',
  'enrollment',
  'online-payment',
  'phone-payment',
  'mail-payment',
  'document-upload',
  'call-centre',
  'email-notices',
  'letter-notices',
  'text-notices',
] as const;
export type CapabilityId = (typeof CAPABILITY_IDS)[number];

export const CAPABILITY_STATUSES = ['operational', 'degraded', 'maintenance', 'down', 'unknown'] as const;
export type CapabilityStatus = (typeof CAPABILITY_STATUSES)[number];
/** What a person or a monitor may set ('unknown' is only ever derived, never stored). */
export const SETTABLE_STATUSES = ['operational', 'degraded', 'maintenance', 'down'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

export type SetByKind = 'person' | 'monitor' | 'schedule' | 'system';
export interface SetBy {
  kind: SetByKind;
  /** Account id of a person, monitor name, maintenance window id, or a system part's name. */
  id: string;
}

export function isCapabilityId(value: unknown): value is CapabilityId {
  return typeof value === 'string' && (CAPABILITY_IDS as readonly string[]).includes(value);
}

export function isSettableStatus(value: unknown): value is SettableStatus {
  return typeof value === 'string' && (SETTABLE_STATUSES as readonly string[]).includes(value);
}

/** A person may be sent to a capability in these statuses. */
export function statusAllowsUse(status: CapabilityStatus): boolean {
  return status === 'operational' || status === 'degraded';
}

/**
 * Ways to do something other than the online capability: other capabilities,
 * or paper by mail (always possible, so not capabilities themselves).
 */
export const MAIL_CHANNELS = ['mail-application', 'mail-documents'] as const;
export type MailChannel = (typeof MAIL_CHANNELS)[number];
export type AlternativeId = CapabilityId | MailChannel;

/** Phone capabilities follow the opening hours of a line of the state profile. */
export const PHONE_LINES: Partial<Record<CapabilityId, 'customerSupport' | 'payments'>> = {
  'call-centre': 'customerSupport',
  'phone-payment': 'payments',
};

/** Where a person starts using each customer-facing capability on the website. */
export const ENTRY_PATHS: Partial<Record<CapabilityId, string>> = {
  'sign-in': '/sign-in',
  applications: '/apply',
  'identity-proofing': '/identity-proofing',
  'plan-shopping': '/shop',
  enrollment: '/shop',
  'online-payment': '/billing/pay',
  'document-upload': '/documents',
};

/** The default ordered alternatives of each capability (seeded into the registry; operators may change them). */
export const DEFAULT_ALTERNATIVES: Record<CapabilityId, AlternativeId[]> = {
  'sign-in': ['call-centre'],
  applications: ['call-centre', 'mail-application'],
  'identity-proofing': ['call-centre', 'mail-documents'],
  'hub-verification': ['document-upload', 'mail-documents'],
  'plan-shopping': ['call-centre'],
  enrollment: ['call-centre', 'mail-application'],
  'online-payment': ['phone-payment', 'mail-payment'],
  'phone-payment': ['online-payment', 'mail-payment'],
  'mail-payment': ['online-payment', 'phone-payment'],
  'document-upload': ['mail-documents', 'call-centre'],
  'call-centre': [],
  'email-notices': ['letter-notices'],
  'letter-notices': ['email-notices'],
  'text-notices': ['email-notices', 'letter-notices'],
};

/** Names of the capabilities as customers and staff read them. */
export const CAPABILITY_NAMES: Record<CapabilityId, Localized> = {
  'sign-in': { en: 'Sign-in and accounts', es: 'Inicio de sesión y cuentas' },
  applications: { en: 'Applications for coverage', es: 'Solicitudes de cobertura' },
  'identity-proofing': { en: 'Identity verification', es: 'Verificación de identidad' },
  'hub-verification': { en: 'Federal data checks', es: 'Verificaciones de datos federales' },
  'plan-shopping': { en: 'Plan shopping', es: 'Búsqueda de planes' },
  enrollment: { en: 'Plan enrollment', es: 'Inscripción en planes' },
  'online-payment': { en: 'Online payments', es: 'Pagos en línea' },
  'phone-payment': { en: 'Payments by phone', es: 'Pagos por teléfono' },
  'mail-payment': { en: 'Payments by mail', es: 'Pagos por correo' },
  'document-upload': { en: 'Document upload', es: 'Envío de documentos en línea' },
  'call-centre': { en: 'Customer Support Center (phone)', es: 'Centro de Atención al Cliente (teléfono)' },
  'email-notices': { en: 'Email notices', es: 'Avisos por correo electrónico' },
  'letter-notices': { en: 'Letters by mail', es: 'Cartas por correo postal' },
  'text-notices': { en: 'Text messages', es: 'Mensajes de texto' },
};

export const MAIL_CHANNEL_NAMES: Record<MailChannel, Localized> = {
  'mail-application': { en: 'Paper application by mail', es: 'Solicitud en papel por correo' },
  'mail-documents': { en: 'Documents by mail', es: 'Documentos por correo' },
};

/** The longest a manual down or maintenance may run before it must be renewed. */
export const MAX_MANUAL_HOLD_MS = 8 * 60 * 60 * 1000;
