import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { ErrorBox, PageHeading, PageLoading } from '../../shared/ui';

interface CallConfirmation {
  sentTo: string;
  status: 'pending' | 'confirmed' | 'denied' | 'expired' | 'used' | 'void';
  expiresAt: string;
}

/**
 * Where the link in an agent's confirmation text lands: the holder says whether they are on the phone
 * with us. The link itself is the proof (it reached only the line on file), so no sign-in is needed,
 * and nothing on the page is ever to be read out to anyone.
 */
export function ConfirmCallPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const [confirmation, setConfirmation] = useState<CallConfirmation | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/v1/call-confirmations/${encodeURIComponent(token)}`;

  useEffect(() => {
    api<CallConfirmation>('GET', path).then(setConfirmation).catch(setError);
  }, [path]);

  const answer = async (how: 'confirm' | 'deny') => {
    setError(null);
    setBusy(true);
    try {
      setConfirmation(await api<CallConfirmation>('POST', `${path}/${how}`));
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setBusy(false);
    }
  };

  if (!confirmation) return <PageLoading title={t('confirmCall.title')} error={error} />;
  return (
    <>
      <PageHeading title={t('confirmCall.title')}>{t('confirmCall.title')}</PageHeading>
      <ErrorBox error={error} />
      <p>{t('confirmCall.intro', { number: confirmation.sentTo })}</p>
      <p className="warning">{t('confirmCall.neverRead')}</p>
      {confirmation.status === 'pending' ? (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void answer('confirm')}>
            {t('confirmCall.confirm')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void answer('deny')}>
            {t('confirmCall.deny')}
          </button>
        </div>
      ) : (
        <>
          <p role="status">{t(`confirmCall.status.${confirmation.status}`)}</p>
          {confirmation.status === 'confirmed' && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void answer('deny')}>
              {t('confirmCall.denyAfterAll')}
            </button>
          )}
        </>
      )}
    </>
  );
}
