import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setCsrfToken, type ApiError } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorSummary, useFormErrors } from '../../shared/form-errors';
import { Field, PageHeading } from '../../shared/ui';

/** Staff sign-in with e-mail and password; the session is an HttpOnly cookie of its own. */
export function SignInPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ready = errors.check({
      email: !email.trim() && t('console.signIn.emailMissing'),
      password: !password && t('console.signIn.passwordMissing'),
    });
    if (!ready) return;
    setBusy(true);
    try {
      const session = await api<{ csrfToken: string }>('POST', '/v1/staff/sessions', { email: email.trim(), password });
      setCsrfToken(session.csrfToken);
      await refresh();
    } catch (caught) {
      // A wrong e-mail or password is one answer for both (it must not say which): the whole form's.
      errors.fail(caught as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('console.signIn.title')}>{t('console.signIn.title')}</PageHeading>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <Field label={t('console.signIn.email')} error={errors.error('email')} id={errors.fieldId('email')}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field label={t('console.signIn.password')} error={errors.error('password')} id={errors.fieldId('password')}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('console.signIn.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
