/** Small design-system (USWDS) building blocks shared by every module's pages. */
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../platform/errors.js';
import { usePage, type ErrorSummaryEntry } from './page-context.js';
import { shellMessages } from './messages.js';
import { interpolate, type Vars } from './i18n.js';

type Lookup = (key: string, vars?: Vars) => string;

/** A POST form that carries the CSRF token. */
export function Form(props: { action: string; children: ComponentChildren; class?: string; id?: string; enctype?: string } & { 'aria-label'?: string }) {
  const page = usePage();
  return (
    <form method="post" action={props.action} class={props.class ?? 'usa-form usa-form--large'} id={props.id} enctype={props.enctype} aria-label={props['aria-label']} novalidate>
      <input type="hidden" name="_csrf" value={page.csrfToken} />
      {props.children}
    </form>
  );
}

/**
 * The error summary (GOV.UK / USWDS pattern). A form declares its errors where
 * it stands; the page shell lifts every summary on the page into one box at
 * the top of the main content, above the h1, focused on load, and prefixes the
 * title with "Error: " (render.tsx). Each entry names its field and links to
 * it: a message that does not name the field is prefixed with its label.
 */
export function ErrorSummary(props: { errors: FieldError[]; translate: Lookup; labels?: Record<string, string> }) {
  const page = usePage();
  if (props.errors.length === 0) return null;
  const entries = props.errors.map((e) => ({ field: e.field, text: namedMessage(props.labels?.[e.field], props.translate(e.messageKey, e.values)) }));
  if (page.errorSummary) {
    for (const entry of entries) if (!page.errorSummary.some((x) => x.field === entry.field && x.text === entry.text)) page.errorSummary.push(entry);
    return null;
  }
  return <ErrorSummaryBox entries={entries} />;
}

/**
 * An error message that names its field: as it is when it already holds the
 * field's label (without "(optional)"), otherwise "Label: message". The
 * summary and the field show the same text.
 */
export function namedMessage(label: string | undefined, message: string): string {
  if (!label) return message;
  const name = label.replace(/\s*\([^)]*\)\s*$/, '').trim();
  return message.toLowerCase().includes(name.toLowerCase()) ? message : `${name}: ${message}`;
}

/** The summary box itself: role="alert", focusable, focused on load (autofocus, and a small script for older browsers). */
export function ErrorSummaryBox(props: { entries: ErrorSummaryEntry[] }) {
  const { lang } = usePage();
  if (props.entries.length === 0) return null;
  const t = shellMessages.for(lang);
  return (
    <div class="usa-alert usa-alert--error candor-error-summary" id="error-summary" role="alert" tabIndex={-1} autoFocus aria-labelledby="error-summary-title">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="error-summary-title">
          {t('errors.summary')}
        </h2>
        <ul class="usa-list">
          {props.entries.map((e, i) => (
            <li key={`${e.field}-${i}`}>{e.field === 'form' ? e.text : <a href={`#${e.field}`}>{e.text}</a>}</li>
          ))}
        </ul>
      </div>
      <script src="/assets/error-summary.js" defer></script>
    </div>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'tel' | 'search';
  value?: string;
  autocomplete?: string;
  required?: boolean;
  errors?: FieldError[];
  translate?: Lookup;
  inputmode?: 'numeric' | 'decimal' | 'email' | 'tel' | 'text';
  width?: 'sm' | 'md' | 'lg';
}) {
  const error = props.errors?.find((e) => e.field === props.name);
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = error ? `${props.name}-error` : undefined;
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class={`usa-label${error ? ' usa-label--error' : ''}`} for={props.name}>
        {props.label}
      </label>
      {props.hint && (
        <div class="usa-hint" id={hintId}>
          {props.hint}
        </div>
      )}
      {error && props.translate && (
        <span class="usa-error-message" id={errorId} role="alert">
          {namedMessage(props.label, props.translate(error.messageKey, error.values))}
        </span>
      )}
      <input
        class={`usa-input${error ? ' usa-input--error' : ''}${props.width ? ` usa-input--${props.width}` : ''}`}
        id={props.name}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        inputMode={props.inputmode}
      />
    </div>
  );
}

export function Alert(props: { type: 'info' | 'warning' | 'error' | 'success'; heading?: string; children?: ComponentChildren; slim?: boolean }) {
  return (
    <div class={`usa-alert usa-alert--${props.type}${props.slim ? ' usa-alert--slim' : ''}`} role={props.type === 'error' ? 'alert' : 'status'}>
      <div class="usa-alert__body">
        {props.heading && <h2 class="usa-alert__heading">{props.heading}</h2>}
        {props.children && <div class="usa-alert__text">{props.children}</div>}
      </div>
    </div>
  );
}

export function Button(props: { children: ComponentChildren; variant?: 'secondary' | 'outline' | 'unstyled' | 'accent-cool'; type?: 'submit' | 'button'; name?: string; value?: string }) {
  return (
    <button class={`usa-button${props.variant ? ` usa-button--${props.variant}` : ''}`} type={props.type ?? 'submit'} name={props.name} value={props.value}>
      {props.children}
    </button>
  );
}

export { interpolate };

/** A list of links labelled in both languages (the customer's pages, on the home and account pages). */
export function LinkList(props: { links: ReadonlyArray<{ href: string; label: { en: string; es: string } }>; lang: 'en' | 'es'; id?: string }) {
  return (
    <ul class="usa-list" id={props.id}>
      {props.links.map((link) => (
        <li key={link.href}>
          <a href={link.href}>{link.label[props.lang]}</a>
        </li>
      ))}
    </ul>
  );
}

/**
 * The one date input of the exchange: the memorable-date pattern (GOV.UK,
 * USWDS `usa-memorable-date`), month, day and year in three boxes, no
 * JavaScript date picker. Read with parseDateParts (src/platform/typed-input.ts).
 * The error, if any, is on the field `id`; its message names the date.
 */
export function MemorableDate(props: {
  id: string;
  legend: string;
  hint: string;
  values: { month?: string; day?: string; year?: string };
  errors?: FieldError[];
  lang: 'en' | 'es';
  names: { month: string; day: string; year: string };
  translate?: Lookup;
  autocomplete?: 'bday';
}) {
  const t = shellMessages.for(props.lang);
  const error = props.errors?.find((e) => e.field === props.id);
  const described = `${props.id}-hint${error ? ` ${props.id}-error` : ''}`;
  const translate: Lookup = props.translate ?? ((key, vars) => (shellMessages.has(key) ? t(key, vars) : key));
  const box = (part: 'month' | 'day' | 'year', maxLength: number) => (
    <div class={`usa-form-group usa-form-group--${part}`}>
      <label class="usa-label" for={props.names[part]}>
        {t(`date.${part}`)}
      </label>
      <input
        class={`usa-input${error ? ' usa-input--error' : ''}`}
        id={props.names[part]}
        name={props.names[part]}
        inputMode="numeric"
        maxLength={maxLength}
        value={props.values[part] ?? ''}
        aria-describedby={described}
        aria-invalid={error ? 'true' : undefined}
        autocomplete={props.autocomplete ? `${props.autocomplete}-${part}` : 'off'}
      />
    </div>
  );
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <fieldset class="usa-fieldset" id={props.id}>
        <legend class="usa-legend">{props.legend}</legend>
        <span class="usa-hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
        {error && (
          <span class="usa-error-message" id={`${props.id}-error`} role="alert">
            {translate(error.messageKey, error.values)}
          </span>
        )}
        <div class="usa-memorable-date">
          {box('month', 2)}
          {box('day', 2)}
          {box('year', 4)}
        </div>
      </fieldset>
    </div>
  );
}
