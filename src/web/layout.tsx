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
  // A signed-in customer reaches everything they own from every page.
  if (actor?.kind === 'customer') {
    items.push(
      ['/apply', t('shell.myApplication')],
      ['/coverage', t('shell.myCoverage')],
      ['/billing', t('shell.myBills')],
      ['/documents', t('shell.myDocuments')],
      ['/account/notices/inbox', t('shell.myNotices')],
    );
  }
  items.push(['/status', t('shell.status')]);
  if (actor?.kind === 'staff' && actor.mfaPassed) items.push(['/staff', t('shell.staffHome')]);
  if (actor?.mfaPassed) items.push(['/account', t('shell.account')]);
  else items.push(['/sign-in', t('shell.signIn')]);
  const { path } = usePage();
  const here = path.split('?')[0];
  return (
    <nav aria-label={t('shell.primaryNav')} class="usa-nav">
      <ul class="usa-nav__primary usa-accordion">
        {items.map(([href, label]) => (
          <li class="usa-nav__primary-item" key={href}>
            <a class={`usa-nav-link${here === href ? ' usa-current' : ''}`} href={href} aria-current={here === href ? 'page' : undefined}>
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

/** The official-site banner; its "Here's how you know" opens without JavaScript (a details element). */
function Banner() {
  const { lang, profile } = usePage();
  const t = shellMessages.for(lang);
  const state = profile.name[lang];
  return (
    <section class="usa-banner" aria-label={t('shell.officialSite', { state })}>
      <details class="usa-accordion usa-banner__accordion candor-banner">
        <summary class="usa-banner__header">
          <span class="usa-banner__inner">
            <span class="grid-col-auto">
              <img class="usa-banner__header-flag" src="/assets/uswds/img/us_flag_small.png" alt="" />
            </span>
            <span class="grid-col-fill">
              <span class="usa-banner__header-text">{t('shell.officialSite', { state })}</span> <span class="candor-banner__action">{t('shell.howYouKnow')}</span>
            </span>
          </span>
        </summary>
        <div class="usa-banner__content">
          <div class="grid-row grid-gap-lg">
            <div class="usa-banner__guidance tablet:grid-col-6">
              <img class="usa-banner__icon usa-media-block__img" src="/assets/uswds/img/icon-dot-gov.svg" alt="" />
              <div class="usa-media-block__body">
                <p>
                  <strong>{t('shell.officialTitle', { state })}</strong>
                  <br />
                  {t('shell.officialText', { state })}
                </p>
              </div>
            </div>
            <div class="usa-banner__guidance tablet:grid-col-6">
              <img class="usa-banner__icon usa-media-block__img" src="/assets/uswds/img/icon-https.svg" alt="" />
              <div class="usa-media-block__body">
                <p>
                  <strong>{t('shell.secureTitle')}</strong>
                  <br />
                  {t('shell.secureText')}
                </p>
              </div>
            </div>
          </div>
        </div>
      </details>
    </section>
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
            {t('shell.hours', { hours: describeHours(line, lang) })}. {state.open ? t('shell.openUntil', { time: formatClock(state.closes, lang) }) : t('shell.closedNow')}
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
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          {t('shell.skip')}
        </a>
        <Banner />
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
