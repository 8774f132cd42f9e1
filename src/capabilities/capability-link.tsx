/**
 * Degradation in components, for every module's pages:
 *
 *   <CapabilityLink capability="online-payment" href="/billing/pay" class="usa-button">Pay online</CapabilityLink>
 *
 * renders the link while the capability is available, and otherwise the
 * alternatives available right now ("call 1-855-… (open until 5 pm) or mail to
 * …"), or "try again later" when there are none. It reads this process's
 * capability service (set when the module starts), so it needs no props
 * beyond the capability.
 */
import type { ComponentChildren } from 'preact';
import type { Lang } from '../web/i18n.js';
import { usePage } from '../web/page-context.js';
import { CAPABILITY_NAMES, type CapabilityId } from './ids.js';
import { capabilityMessages } from './messages.js';
import type { Alternative, CapabilityService } from './types.js';

let current: CapabilityService | null = null;

/** Set by the module's start (one exchange per process; tests start one per file). */
export function setPageCapabilities(service: CapabilityService | null): void {
  current = service;
}

export function pageCapabilities(): CapabilityService | null {
  return current;
}

export function formatAddress(a: Alternative['mail'] & object): string {
  return [a.address.name, ...a.address.lines, `${a.address.city}, ${a.address.state} ${a.address.zip}`].join(', ');
}

/** One sentence naming the alternatives: "call 1-855-… (open until 5 pm) or mail to …". */
export function alternativesSentence(alts: readonly Alternative[], lang: Lang): string {
  const t = capabilityMessages.for(lang);
  const parts = alts.map((a) => {
    if (a.phone) return t('link.call', { number: a.phone.number, open: a.phone.openUntilText[lang] });
    if (a.mail) return t('link.mail', { address: formatAddress(a.mail) });
    return t('link.online', { name: a.name[lang] });
  });
  return parts.join(`; ${t('link.or')} `);
}

export function CapabilityLink(props: { capability: CapabilityId; href: string; class?: string; children: ComponentChildren; service?: CapabilityService }) {
  const { lang, now } = usePage();
  const service = props.service ?? current;
  if (!service || service.isAvailable(props.capability, now)) {
    return (
      <a href={props.href} class={props.class}>
        {props.children}
      </a>
    );
  }
  const t = capabilityMessages.for(lang);
  const alts = service.alternatives(props.capability, now);
  return (
    <div class="usa-summary-box candor-capability-alternative" role="region" aria-label={t('link.unavailable', { name: CAPABILITY_NAMES[props.capability][lang] })}>
      <div class="usa-summary-box__body">
        <p class="usa-summary-box__text margin-0">
          <strong>{t('link.unavailable', { name: CAPABILITY_NAMES[props.capability][lang] })}</strong>{' '}
          {alts.length === 0 ? (
            t('link.nothing')
          ) : (
            <>
              {t('link.instead')}{' '}
              {alts.map((a, i) => (
                <span key={a.id}>
                  {i > 0 && ` ${t('link.or')} `}
                  {a.phone ? (
                    <>
                      <a href={`tel:${a.phone.number}`}>{a.phone.number}</a> ({a.phone.name[lang]}, {a.phone.openUntilText[lang]})
                    </>
                  ) : a.mail ? (
                    <>
                      {a.name[lang]}: {formatAddress(a.mail)}
                    </>
                  ) : (
                    <a href={a.href ?? '/status'}>{a.name[lang]}</a>
                  )}
                </span>
              ))}
            </>
          )}
        </p>
      </div>
    </div>
  );
}
