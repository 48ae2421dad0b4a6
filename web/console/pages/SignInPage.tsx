import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setCsrfToken, type ApiError } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorBox, Field, PageHeading } from '../../shared/ui';

/** Staff sign-in with e-mail and password; the session is an HttpOnly cookie of its own. */
export function SignInPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api<{ csrfToken: string }>('POST', '/v1/staff/sessions', { email: email.trim(), password });
      setCsrfToken(session.csrfToken);
      await refresh();
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('console.signIn.title')}>{t('console.signIn.title')}</PageHeading>
      <ErrorBox error={error} />
      <form onSubmit={submit}>
        <Field label={t('console.signIn.email')}>
          {({ id }) => (
            <input
              id={id}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('console.signIn.password')}>
          {({ id }) => (
            <input
              id={id}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
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
