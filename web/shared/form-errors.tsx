import { useCallback, useEffect, useId, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from './api';
import { useErrorText } from './ui';

/**
 * The one way every form in the portal and the console reports a failed submit, after the GOV.UK
 * Design System's error summary and error message patterns:
 *
 * - an error summary at the top of the form ({@link ErrorSummary}) lists every problem, each a link
 *   that moves focus to its field; a problem with the whole form (the server's answer that belongs to no
 *   field) is listed there too;
 * - focus moves to the summary, so a screen reader reads it and a keyboard user starts from it;
 * - the page title starts with "Error: " while the summary shows;
 * - the same message sits at the field itself (`Field`, `DateField`: `aria-describedby` and
 *   `aria-invalid`).
 *
 * A page keeps one `useFormErrors()` per form, checks its fields on submit in the order they appear
 * (`show`), and hands the server's refusal to `fail` with a function naming the field it is about.
 */
export interface FormErrors {
  /** The message for each field with a problem, in the order the fields appear on the page. */
  readonly fields: Readonly<Record<string, string>>;
  /** A problem with the whole form (no field to point at), or null. */
  readonly form: ApiError | Error | null;
  /** Counts the failed submits, so the summary takes focus again after each one. */
  readonly attempt: number;
  /** The id the field's control carries, which the summary links to. */
  fieldId(name: string): string;
  /** The message for one field, or null. */
  error(name: string): string | null;
  /**
   * Shows the problems found before sending (field → message; empty messages are dropped) and answers
   * whether the form may be sent. Any problem moves focus to the summary.
   */
  check(problems: Record<string, string | null | undefined | false>): boolean;
  /**
   * Shows the server's refusal: at the field `fieldOf` names (the message in the summary and at the
   * field), else for the whole form. Focus moves to the summary.
   */
  fail(error: ApiError | Error, fieldOf?: (error: ApiError) => string | null): void;
  /** Forgets every problem (a new attempt, or the person changed what the problems were about). */
  clear(): void;
}

/**
 * The request field a refusal names: `details.field` of a SimexitError (`decisions.balance.toMsisdn`),
 * or the first of a schema refusal's `details.issues` without its `body.` part; null when it names none.
 */
export function refusedField(error: ApiError): string | null {
  if (typeof error.details.field === 'string') return error.details.field;
  const issues = error.details.issues;
  const first = Array.isArray(issues) ? (issues[0] as { field?: unknown } | undefined) : undefined;
  return typeof first?.field === 'string' ? first.field.replace(/^(body|params|querystring)\./, '') : null;
}

const FIELD_ID_PREFIX = 'field-';

export function useFormErrors(): FormErrors {
  const errorText = useErrorText();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [form, setForm] = useState<ApiError | Error | null>(null);
  const [attempt, setAttempt] = useState(0);

  const check = useCallback((problems: Record<string, string | null | undefined | false>) => {
    const found: Record<string, string> = {};
    for (const [name, message] of Object.entries(problems)) if (message) found[name] = message;
    setFields(found);
    setForm(null);
    const ok = Object.keys(found).length === 0;
    if (!ok) setAttempt((n) => n + 1);
    return ok;
  }, []);

  const fail = useCallback(
    (error: ApiError | Error, fieldOf?: (error: ApiError) => string | null) => {
      const field = 'code' in error && fieldOf ? fieldOf(error as ApiError) : null;
      if (field) {
        setFields({ [field]: errorText(error) });
        setForm(null);
      } else {
        setFields({});
        setForm(error);
      }
      setAttempt((n) => n + 1);
    },
    [errorText],
  );

  const clear = useCallback(() => {
    setFields({});
    setForm(null);
  }, []);

  return useMemo(
    () => ({
      fields,
      form,
      attempt,
      fieldId: (name: string) => `${FIELD_ID_PREFIX}${name.replace(/[^A-Za-z0-9_-]/g, '-')}`,
      error: (name: string) => fields[name] ?? null,
      check,
      fail,
      clear,
    }),
    [fields, form, attempt, check, fail, clear],
  );
}

/**
 * The error summary of a form ({@link useFormErrors}): nothing while there is no problem. It takes
 * focus after each failed submit and puts "Error: " in front of the page title while it shows.
 */
export function ErrorSummary({ errors }: { errors: FormErrors }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const entries = Object.entries(errors.fields);
  const shown = entries.length > 0 || errors.form !== null;

  useEffect(() => {
    if (errors.attempt > 0 && shown) ref.current?.focus();
    // Focus follows each failed submit, not each render.
  }, [errors.attempt]);

  // After every render: the page heading may have set the title again (a new step of the form).
  useEffect(() => {
    if (!shown) return;
    const prefix = t('common.errorTitlePrefix');
    if (!document.title.startsWith(prefix)) document.title = `${prefix}${document.title}`;
    return () => {
      if (document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
    };
  });

  if (!shown) return null;

  const goTo = (event: MouseEvent<HTMLAnchorElement>, name: string) => {
    const target = document.getElementById(errors.fieldId(name));
    if (!target) return;
    // The field, not the fragment: the label stays in view above it and the URL does not change.
    event.preventDefault();
    target.focus();
    target.closest('.field, fieldset')?.scrollIntoView({ block: 'start' });
  };

  return (
    <div className="error-box error-summary" role="alert" aria-labelledby={titleId} tabIndex={-1} ref={ref}>
      <h2 id={titleId}>{t('common.problem')}</h2>
      <ul>
        {errors.form && <li>{errorText(errors.form)}</li>}
        {entries.map(([name, message]) => (
          <li key={name}>
            <a href={`#${errors.fieldId(name)}`} onClick={(event) => goTo(event, name)}>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
