/** Form parts the enrollment pages share (USWDS radio, checkbox, select, memorable date, step indicator). */
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../platform/errors.js';
import { shellMessages } from '../web/messages.js';
import type { Lang, Vars } from '../web/i18n.js';
import { enrollmentMessages } from './messages.js';

/** Looks a key up in enrollment's catalogue, then the shell's (shared error keys). */
export function translator(lang: Lang) {
  const own = enrollmentMessages.for(lang);
  const shell = shellMessages.for(lang);
  return (key: string, vars?: Vars): string => (enrollmentMessages.has(key) ? own(key, vars) : shellMessages.has(key) ? shell(key, vars) : key);
}

function FieldErrorText(props: { id: string; error?: FieldError; lang: Lang }) {
  if (!props.error) return null;
  return (
    <span class="usa-error-message" id={`${props.id}-error`} role="alert">
      {translator(props.lang)(props.error.messageKey, props.error.values)}
    </span>
  );
}

export function RadioGroup(props: {
  name: string;
  legend: string;
  options: Array<{ value: string; label: string }>;
  value?: string;
  errors?: FieldError[];
  lang: Lang;
  hint?: string;
  tile?: boolean;
}) {
  const error = props.errors?.find((e) => e.field === props.name);
  const described = [props.hint ? `${props.name}-hint` : '', error ? `${props.name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <fieldset class="usa-fieldset" id={props.name} aria-describedby={described}>
        <legend class="usa-legend">{props.legend}</legend>
        {props.hint && (
          <span class="usa-hint" id={`${props.name}-hint`}>
            {props.hint}
          </span>
        )}
        <FieldErrorText id={props.name} error={error} lang={props.lang} />
        {props.options.map((o) => (
          <div class="usa-radio" key={o.value}>
            <input
              class={`usa-radio__input${props.tile ? ' usa-radio__input--tile' : ''}`}
              id={`${props.name}-${o.value}`}
              type="radio"
              name={props.name}
              value={o.value}
              checked={props.value === o.value}
            />
            <label class="usa-radio__label" for={`${props.name}-${o.value}`}>
              {o.label}
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

export function CheckboxGroup(props: { legend: string; items: Array<{ name: string; label: string; checked?: boolean }>; errors?: FieldError[]; lang: Lang; id: string; hint?: string }) {
  const errors = (props.errors ?? []).filter((e) => props.items.some((i) => i.name === e.field));
  return (
    <div class={`usa-form-group${errors.length ? ' usa-form-group--error' : ''}`}>
      <fieldset class="usa-fieldset" id={props.id} aria-describedby={props.hint ? `${props.id}-hint` : undefined}>
        <legend class="usa-legend">{props.legend}</legend>
        {props.hint && (
          <span class="usa-hint" id={`${props.id}-hint`}>
            {props.hint}
          </span>
        )}
        {props.items.map((i) => (
          <div class="usa-checkbox" key={i.name}>
            <FieldErrorText id={i.name} error={errors.find((e) => e.field === i.name)} lang={props.lang} />
            <input
              class="usa-checkbox__input"
              id={i.name}
              type="checkbox"
              name={i.name}
              value="on"
              checked={i.checked}
              aria-describedby={errors.find((e) => e.field === i.name) ? `${i.name}-error` : undefined}
            />
            <label class="usa-checkbox__label" for={i.name}>
              {i.label}
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  value?: string;
  errors?: FieldError[];
  lang: Lang;
  hint?: string;
  placeholder?: string;
}) {
  const error = props.errors?.find((e) => e.field === props.name);
  const described = [props.hint ? `${props.name}-hint` : '', error ? `${props.name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class={`usa-label${error ? ' usa-label--error' : ''}`} for={props.name}>
        {props.label}
      </label>
      {props.hint && (
        <div class="usa-hint" id={`${props.name}-hint`}>
          {props.hint}
        </div>
      )}
      <FieldErrorText id={props.name} error={error} lang={props.lang} />
      <select class={`usa-select${error ? ' usa-input--error' : ''}`} id={props.name} name={props.name} aria-describedby={described} aria-invalid={error ? 'true' : undefined}>
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={props.value === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The memorable date is shared by every form (src/web/components.tsx). */
export { MemorableDate } from '../web/components.js';

export const STEP_KEYS = ['steps.people', 'steps.address', 'steps.income', 'steps.review'] as const;

export function StepIndicator(props: { current: number; lang: Lang }) {
  const t = enrollmentMessages.for(props.lang);
  return (
    <div class="usa-step-indicator usa-step-indicator--counters-sm margin-bottom-4" aria-label={t('steps.label')}>
      <ol class="usa-step-indicator__segments">
        {STEP_KEYS.map((key, i) => {
          const state = i < props.current ? ' usa-step-indicator__segment--complete' : i === props.current ? ' usa-step-indicator__segment--current' : '';
          return (
            <li class={`usa-step-indicator__segment${state}`} aria-current={i === props.current ? 'step' : undefined} key={key}>
              <span class="usa-step-indicator__segment-label">
                {t(key)} {i !== props.current && <span class="usa-sr-only">{i < props.current ? t('steps.completed') : t('steps.notCompleted')}</span>}
              </span>
            </li>
          );
        })}
      </ol>
      <div class="usa-step-indicator__header">
        <h2 class="usa-step-indicator__heading">
          <span class="usa-step-indicator__heading-counter">
            <span class="usa-sr-only">{t('steps.counter', { n: props.current + 1, total: STEP_KEYS.length })}</span>
          </span>
          <span class="usa-step-indicator__heading-text">{t(STEP_KEYS[props.current]!)}</span>
        </h2>
      </div>
    </div>
  );
}

export function SummaryRow(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="grid-row margin-bottom-1">
      <div class="grid-col-5 text-bold">{props.label}</div>
      <div class="grid-col-7">{props.children}</div>
    </div>
  );
}
