import { shellMessages } from './messages.js';
import { usePage } from './page-context.js';

export function ErrorPage(props: {
  headingKey: 'errors.notFound' | 'errors.forbidden' | 'errors.unavailable' | 'errors.csrf' | 'errors.rateLimited' | 'errors.conflict' | 'errors.temporarilyUnavailable';
  helpKey?: 'errors.notFound.help' | 'errors.forbidden.help' | 'errors.unavailable.help' | 'errors.temporarilyUnavailable.help';
  reference?: string;
}) {
  const { lang } = usePage();
  const t = shellMessages.for(lang);
  return (
    <div class="usa-prose">
      <h1>{t(props.headingKey)}</h1>
      {props.helpKey && <p>{t(props.helpKey)}</p>}
      {props.reference && <p class="text-base">{t('errors.reference', { id: props.reference })}</p>}
      <p>
        <a class="usa-button" href="/">
          {t('shell.home')}
        </a>
      </p>
    </div>
  );
}

/** Input refused before a page could show it beside its field: what was wrong, and that nothing was saved. */
export function InputErrorPage(props: { heading: string; details: string[] }) {
  const { lang } = usePage();
  const t = shellMessages.for(lang);
  return (
    <div class="usa-prose">
      <h1 data-testid="input-error">{props.heading}</h1>
      {props.details.map((d) => (
        <p>{d}</p>
      ))}
      <p>{t('errors.input.help')}</p>
      <p>
        <a class="usa-button" href="/">
          {t('shell.home')}
        </a>
      </p>
    </div>
  );
}
