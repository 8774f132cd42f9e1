/** The page shell: USWDS banner, header with the state's name, language switch, footer with the help line. */
import type { ComponentChildren, VNode } from 'preact';
import { describeHours, formatClock, lineNow } from '../states/hours.js';
import { shellMessages } from './messages.js';
import { usePage } from './page-context.js';

function LanguageSwitch() {
  const { lang, path } = usePage();
  const t = shellMessages.for(lang);
  const other = lang === 'en' ? 'es' : 'en';
  return (
    <a class="usa-button usa-button--outline usa-button--small margin-top-1" href={`/language?to=${other}&next=${encodeURIComponent(path)}`} lang={other} hreflang={other}>
      {t('shell.switchTo')}
    </a>
  );
}

function Nav() {
  const { lang, actor } = usePage();
  const t = shellMessages.for(lang);
  const items: Array<[string, string]> = [['/', t('shell.home')]];
  items.push(['/status', t('shell.status')]);
  if (actor?.kind === 'staff' && actor.mfaPassed) items.push(['/staff', t('shell.staffHome')]);
  if (actor?.mfaPassed) items.push(['/account', t('shell.account')]);
  else items.push(['/sign-in', t('shell.signIn')]);
  return (
    <nav aria-label={t('shell.primaryNav')} class="usa-nav">
      <ul class="usa-nav__primary usa-accordion">
        {items.map(([href, label]) => (
          <li class="usa-nav__primary-item" key={href}>
            <a class="usa-nav-link" href={href}>
              <span>{label}</span>
            </a>
          </li>
        ))}
        {actor && (
          <li class="usa-nav__primary-item">
            <form method="post" action="/sign-out" class="margin-top-1">
              <input type="hidden" name="_csrf" value={usePage().csrfToken} />
              <button class="usa-button usa-button--unstyled padding-1" type="submit">
                {t('shell.signOut')}
              </button>
            </form>
          </li>
        )}
      </ul>
    </nav>
  );
}

function Footer() {
  const { lang, profile, now } = usePage();
  const t = shellMessages.for(lang);
  const line = profile.phoneLines.customerSupport;
  const state = lineNow(line, now, profile.timeZone);
  return (
    <footer class="usa-footer usa-footer--slim">
      <div class="usa-footer__primary-section">
        <div class="grid-container padding-y-2">
          <p class="margin-0">
            <strong>{t('shell.help', { name: line.name[lang], number: line.number })}</strong>
            {line.tty ? ` (${t('shell.tty', { tty: line.tty })})` : ''}
          </p>
          <p class="margin-0">
            {t('shell.hours', { hours: describeHours(line, lang) })}.{' '}
            {state.open ? t('shell.openUntil', { time: formatClock(state.closes, lang) }) : t('shell.closedNow')}
          </p>
        </div>
      </div>
      <div class="usa-footer__secondary-section">
        <div class="grid-container">
          <p class="margin-0">{t('shell.footerNote', { exchange: profile.exchangeName, state: profile.name[lang] })}</p>
        </div>
      </div>
    </footer>
  );
}

export function Layout(props: { title: string; children: ComponentChildren; banners: Array<VNode | null> }) {
  const { lang, profile } = usePage();
  const t = shellMessages.for(lang);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} | ${profile.exchangeName}`}</title>
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/candor.css" />
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          {t('shell.skip')}
        </a>
        <section class="usa-banner" aria-label={t('shell.officialSite', { state: profile.name[lang] })}>
          <div class="usa-banner__header">
            <div class="usa-banner__inner">
              <div class="grid-col-auto">
                <p class="usa-banner__header-text">{t('shell.officialSite', { state: profile.name[lang] })}</p>
              </div>
            </div>
          </div>
        </section>
        <header class="usa-header usa-header--basic">
          <div class="usa-nav-container">
            <div class="usa-navbar">
              <div class="usa-logo">
                <em class="usa-logo__text">
                  <a href="/" title={profile.exchangeName}>
                    {profile.exchangeName}
                  </a>
                </em>
              </div>
              <LanguageSwitch />
            </div>
            <Nav />
          </div>
        </header>
        <div class="candor-banners">{props.banners}</div>
        <main id="main-content" class="grid-container padding-y-4" tabIndex={-1}>
          {props.children}
        </main>
        <Footer />
      </body>
    </html>
  );
}
