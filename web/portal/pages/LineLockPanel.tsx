import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { formatInstant, localeFor } from '../../shared/format';
import { Link } from '../../shared/router';
import { ErrorBox } from '../../shared/ui';

interface LineLock {
  msisdn: string;
  locked: boolean;
  lockedAt: string | null;
}

/**
 * The holder's free lock on porting and cancellation of one line (services/line-locks.service.ts):
 * any sign-in may set it, only an account-login sign-in may lift it, so whoever has the SIM cannot.
 */
export function LineLockPanel({ msisdn, timeZone }: { msisdn: string; timeZone?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const [lock, setLock] = useState<LineLock | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/v1/lines/${encodeURIComponent(msisdn)}/lock`;
  const titleId = `lock-${msisdn.replace(/\D/g, '')}`;

  useEffect(() => {
    api<LineLock>('GET', path).then(setLock).catch(setError);
  }, [path]);

  const change = async (method: 'PUT' | 'DELETE') => {
    setError(null);
    setBusy(true);
    try {
      setLock(await api<LineLock>(method, path));
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const needsAccountLogin = error?.code === 'FORBIDDEN' && error.details.requires === 'account_login';
  return (
    <section className="line-lock" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('lineLock.title')}</h3>
      <p>{t('lineLock.explain')}</p>
      {lock && (
        <p role="status">
          {lock.locked && lock.lockedAt
            ? t('lineLock.locked', { at: formatInstant(lock.lockedAt, localeFor(i18n.language, undefined), timeZone) })
            : t('lineLock.unlocked')}
        </p>
      )}
      {needsAccountLogin ? (
        <div className="error-box" role="alert">
          <p>{t('lineLock.needsAccountLogin')}</p>
          <p>
            <Link to="/identify">{t('lineLock.signInWithLogin')}</Link>
          </p>
        </div>
      ) : (
        <ErrorBox error={error} />
      )}
      {lock && (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => void change(lock.locked ? 'DELETE' : 'PUT')}
        >
          {lock.locked ? t('lineLock.unlock') : t('lineLock.lock')}
        </button>
      )}
    </section>
  );
}
