/**
 * Pure: which alternatives of a capability a person can use at an instant.
 * Unavailable capabilities and closed phone lines are never offered.
 */
import { describeHours, formatClock, lineNow } from '../states/hours.js';
import type { StateProfile } from '../states/profile.js';
import { CAPABILITY_NAMES, ENTRY_PATHS, MAIL_CHANNEL_NAMES, PHONE_LINES, isCapabilityId, statusAllowsUse, type AlternativeId, type CapabilityId, type CapabilityStatus } from './ids.js';
import type { Alternative } from './types.js';

/** Whether a capability may be used at `at`, given its effective status: phone lines must also be open. */
export function usableAt(id: CapabilityId, status: CapabilityStatus, profile: StateProfile, at: Date): boolean {
  if (!statusAllowsUse(status)) return false;
  const line = PHONE_LINES[id];
  if (line && !lineNow(profile.phoneLines[line], at, profile.timeZone).open) return false;
  return true;
}

/** One alternative described for people, or null when it cannot be used at `at`. */
export function describeAlternative(alt: AlternativeId, statusOf: (id: CapabilityId) => CapabilityStatus, profile: StateProfile, at: Date): Alternative | null {
  if (!isCapabilityId(alt)) {
    const address = profile.applicationsMailingAddress;
    const purpose = alt === 'mail-application' ? 'application' : 'documents';
    return {
      id: alt,
      capability: null,
      kind: 'mail',
      name: MAIL_CHANNEL_NAMES[alt],
      mail: {
        address,
        purpose,
        instructions:
          purpose === 'application'
            ? {
                en: 'Ask us for a paper application by phone, or print one; mail it to this address.',
                es: 'Pídanos una solicitud en papel por teléfono, o imprímala; envíela por correo a esta dirección.',
              }
            : { en: 'Send copies (not originals) with your application or case number on each page.', es: 'Envíe copias (no originales) con su número de solicitud o de caso en cada página.' },
      },
    };
  }
  if (!usableAt(alt, statusOf(alt), profile, at)) return null;
  const lineKey = PHONE_LINES[alt];
  if (lineKey) {
    const line = profile.phoneLines[lineKey];
    const now = lineNow(line, at, profile.timeZone);
    if (!now.open) return null;
    return {
      id: alt,
      capability: alt,
      kind: 'phone',
      name: CAPABILITY_NAMES[alt],
      phone: {
        lineId: line.id,
        name: line.name,
        number: line.number,
        tty: line.tty,
        openUntil: now.closes,
        openUntilText: { en: `open until ${formatClock(now.closes, 'en')}`, es: `abierto hasta las ${formatClock(now.closes, 'es')}` },
        hoursText: { en: describeHours(line, 'en'), es: describeHours(line, 'es') },
      },
    };
  }
  if (alt === 'mail-payment') {
    return {
      id: alt,
      capability: alt,
      kind: 'mail',
      name: CAPABILITY_NAMES[alt],
      mail: {
        address: profile.lockbox,
        purpose: 'payment',
        instructions: {
          en: `Make your check or money order payable to ${profile.exchangeName}. Write your invoice reference number on the memo line. Do not send cash.`,
          es: `Haga su cheque o giro postal a nombre de ${profile.exchangeName}. Escriba el número de referencia de su factura en la línea de memo. No envíe dinero en efectivo.`,
        },
      },
    };
  }
  return { id: alt, capability: alt, kind: 'online', name: CAPABILITY_NAMES[alt], href: ENTRY_PATHS[alt] };
}

/** The ordered alternatives usable at `at`. */
export function availableAlternatives(list: readonly AlternativeId[], statusOf: (id: CapabilityId) => CapabilityStatus, profile: StateProfile, at: Date): Alternative[] {
  return list.map((alt) => describeAlternative(alt, statusOf, profile, at)).filter((a): a is Alternative => a !== null);
}
