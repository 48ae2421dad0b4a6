import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, setLanguage } from '../i18n';
import type { ApiError } from './api';

/** False until the first page has been shown: a fresh load keeps the browser's own focus order. */
let navigatedInApp = false;

/**
 * The page's heading; it names the browser tab. After a navigation inside the app it takes focus, so
 * a screen reader announces the new page and keyboard users start from the top of its content. On a
 * fresh load it leaves focus alone, so the skip link stays the first stop.
 */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · simexit`;
    if (navigatedInApp) ref.current?.focus();
    navigatedInApp = true;
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** An API error in words a person can act on: our translation of its code, else the server's message. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: ApiError | Error) => {
    // An error the page raised itself already speaks to the person.
    if (!('code' in error)) return error.message;
    const code = (error as ApiError).code;
    const details = 'details' in error ? (error as ApiError).details : {};
    const retryAt = typeof details.retryAt === 'string' ? new Date(details.retryAt) : null;
    const reason = typeof details.reason === 'string' ? details.reason : null;
    // Codes whose message names a time have a variant for when the server gave none; codes whose
    // reason changes what the person should do (an empty field against a malformed one) one per reason.
    const key =
      !retryAt && i18n.exists(`errors.${code}_later`)
        ? `errors.${code}_later`
        : reason && i18n.exists(`errors.${code}_${reason}`)
          ? `errors.${code}_${reason}`
          : `errors.${code}`;
    return t(key, {
      defaultValue: error.message,
      message: error.message,
      retryAt: retryAt ? retryAt.toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) : '',
      attemptsLeft: details.attemptsLeft ?? '',
    });
  };
}

/** An error that belongs to the whole form, announced as soon as it appears. */
export function ErrorBox({ error, id }: { error: ApiError | Error | null; id?: string }) {
  const text = useErrorText();
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="error-box" role="alert" id={id}>
      <h2>{t('common.problem')}</h2>
      <p>{text(error)}</p>
    </div>
  );
}

/**
 * A field's error message, as the error summary words it (web/shared/form-errors.tsx), read as
 * "Error: …" by a screen reader.
 */
export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <p className="error-text" id={id}>
      <span className="visually-hidden">{t('common.errorTitlePrefix')}</span>
      {children}
    </p>
  );
}

/**
 * A labelled form control with its hint and error wired up for screen readers. `id` is the control's
 * id when a form's error summary links to it (`useFormErrors().fieldId(name)`).
 */
export function Field({
  label,
  hint,
  error,
  id: givenId,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  id?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && errorId && <ErrorMessage id={errorId}>{error}</ErrorMessage>}
      {children({ id, describedBy, invalid: Boolean(error) })}
    </div>
  );
}

/**
 * A labelled text input (any `<input>` that takes typed text: text, e-mail, number, password…), its
 * hint and error wired up as `Field` does. A field given no `error` prop never shows one, so its input
 * carries no `aria-invalid`.
 */
export function TextField({
  label,
  hint,
  error,
  id,
  onChange,
  ...input
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  id?: string;
  value: string;
  onChange: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'aria-describedby' | 'aria-invalid'>) {
  return (
    <Field label={label} hint={hint} error={error} id={id}>
      {({ id: inputId, describedBy, invalid }) => (
        <input
          {...input}
          id={inputId}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={error === undefined ? undefined : invalid}
        />
      )}
    </Field>
  );
}

/** A page whose data has not come: its heading, then the error that stopped it or "Loading…". */
export function PageLoading({ title, error }: { title: string; error: ApiError | Error | null }) {
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <ErrorBox error={error} />
      {!error && <Loading />}
    </>
  );
}

/** Shown while a page loads its data; announced politely. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="loading">
      {t('common.loading')}
    </p>
  );
}

/** The language switch in a page header; the choice is kept for the next visit. */
export function LanguageSelect({ exclude = [] }: { exclude?: string[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="language">
      <label htmlFor="language">{t('layout.language')}</label>
      <select id="language" value={i18n.language} onChange={(event) => setLanguage(event.target.value)}>
        {languages
          .filter((l) => !exclude.includes(l.code))
          .map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
      </select>
    </div>
  );
}
