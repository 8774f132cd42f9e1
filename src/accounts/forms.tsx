/** Form plumbing shared by the accounts pages: zod parsing into field errors, and a few USWDS fields. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CandorError, type FieldError } from '../platform/errors.js';
import { ErrorSummary, TextField } from '../web/components.js';
import { usePage } from '../web/page-context.js';
import { lookup } from './messages.js';

export const required = (max = 200) => z.string({ error: 'accounts.field.required' }).trim().min(1, { error: 'accounts.field.required' }).max(max, { error: 'accounts.field.tooLong' });

/** Passwords are taken as typed (no trimming); length rules come later, from password-rules.ts. */
export const passwordInput = () => z.string({ error: 'accounts.field.required' }).min(1, { error: 'accounts.field.required' }).max(1024, { error: 'accounts.field.tooLong' });

export const emailInput = () =>
  z
    .string({ error: 'accounts.field.required' })
    .trim()
    .min(1, { error: 'accounts.field.required' })
    .max(254, { error: 'accounts.field.tooLong' })
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'accounts.email.invalid' });

/** A form field that may arrive once (a string) or several times (an array). */
export const manyOf = () => z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

export function parseForm<T>(schema: z.ZodType<T>, body: unknown): Parsed<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (errors.some((e) => e.field === field)) continue;
    errors.push({ field, messageKey: issue.message.startsWith('accounts.') || issue.message.startsWith('errors.') ? issue.message : 'errors.field.invalid' });
  }
  return { ok: false, errors };
}

/** Field errors from an invalid-input error a use case threw; anything else is rethrown. */
export function fieldErrorsOf(err: unknown): FieldError[] {
  if (err instanceof CandorError && err.name === 'invalid-input' && err.details.fields) return err.details.fields;
  throw err;
}

export function clientIp(req: FastifyRequest): string {
  return req.ip;
}

export function Field(props: {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'password';
  value?: string;
  autocomplete?: string;
  errors?: FieldError[];
  inputmode?: 'numeric' | 'text' | 'email';
  width?: 'sm' | 'md' | 'lg';
}) {
  const { lang } = usePage();
  return <TextField {...props} required translate={lookup(lang)} />;
}

/** The error summary of an accounts form: the shared one (src/web/components.tsx). */
export function Errors(props: { errors: FieldError[]; labels?: Record<string, string> }) {
  const { lang } = usePage();
  return <ErrorSummary errors={props.errors} translate={lookup(lang)} labels={props.labels} />;
}

export function Checkboxes(props: { name: string; legend: string; options: Array<{ value: string; label: string; checked: boolean }>; errors?: FieldError[] }) {
  const { lang } = usePage();
  const error = props.errors?.find((e) => e.field === props.name);
  return (
    <fieldset class={`usa-fieldset${error ? ' usa-form-group usa-form-group--error' : ''}`} id={props.name}>
      <legend class="usa-legend">{props.legend}</legend>
      {error && (
        <span class="usa-error-message" role="alert">
          {lookup(lang)(error.messageKey, error.values)}
        </span>
      )}
      {props.options.map((o) => (
        <div class="usa-checkbox" key={o.value}>
          <input class="usa-checkbox__input" id={`${props.name}-${o.value}`} type="checkbox" name={props.name} value={o.value} checked={o.checked} />
          <label class="usa-checkbox__label" for={`${props.name}-${o.value}`}>
            {o.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function Radios(props: { name: string; legend: string; options: Array<{ value: string; label: string; lang?: string }>; value: string }) {
  return (
    <fieldset class="usa-fieldset">
      <legend class="usa-legend">{props.legend}</legend>
      {props.options.map((o) => (
        <div class="usa-radio" key={o.value}>
          <input class="usa-radio__input" id={`${props.name}-${o.value}`} type="radio" name={props.name} value={o.value} checked={o.value === props.value} />
          <label class="usa-radio__label" for={`${props.name}-${o.value}`} lang={o.lang}>
            {o.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}
