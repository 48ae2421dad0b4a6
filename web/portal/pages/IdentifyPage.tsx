import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api';
import { api, setCsrfToken } from '../../shared/api';
import { Link, navigate, useLocation } from '../../shared/router';
import { useSession } from '../../shared/session';
import { ErrorBox, Field, PageHeading, useErrorText } from '../../shared/ui';

interface Challenge {
  challengeId: string;
  expiresAt: string;
  channel: 'sms' | 'email';
  sentTo: string;
}

type Method = 'iccid' | 'accountLogin';

/** Only a path on this site may follow sign-in: never another origin (no open redirect). */
function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/lines';
}

/** Errors that belong to one field of the first step, so the message sits next to it. */
function fieldOf(error: ApiError): 'msisdn' | 'iccid' | 'accountLogin' | null {
  if (error.code === 'INVALID_MSISDN' || error.code === 'LINE_NOT_FOUND') return 'msisdn';
  if (error.code === 'INVALID_ICCID') return 'iccid';
  if (error.code === 'IDENTITY_MISMATCH') return error.details.field === 'accountLogin' ? 'accountLogin' : 'iccid';
  // One answer for an unknown number and a wrong ICCID/login: shown at the second field, naming both.
  if (error.code === 'IDENTITY_NOT_VERIFIED')
    return Array.isArray(error.details.fields) && error.details.fields.includes('accountLogin')
      ? 'accountLogin'
      : 'iccid';
  return null;
}

/**
 * Sign-in: the number plus something only the holder has (the SIM's serial number, or the account
 * login), then the one-time code sent to the line or to the account's e-mail.
 */
export function IdentifyPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { query } = useLocation();
  const { refresh } = useSession();
  const next = safeNext(query.get('next'));
  const [msisdn, setMsisdn] = useState('');
  const [method, setMethod] = useState<Method>('iccid');
  const [iccid, setIccid] = useState('');
  const [accountLogin, setAccountLogin] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const requestCode = async (event?: FormEvent) => {
    event?.preventDefault();
    const problems: Record<string, string> = {};
    if (!msisdn.trim()) problems.msisdn = t('identify.msisdnMissing');
    if (method === 'iccid' && !/^\d{19,20}$/.test(iccid.replace(/[\s-]/g, '')))
      problems.iccid = t('identify.iccidFormat');
    if (method === 'accountLogin' && !accountLogin.trim()) problems.accountLogin = t('identify.loginMissing');
    setLocalErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const body =
        method === 'iccid'
          ? { msisdn: msisdn.trim(), iccid: iccid.replace(/[\s-]/g, '') }
          : { msisdn: msisdn.trim(), accountLogin: accountLogin.trim() };
      setChallenge(await api<Challenge>('POST', '/v1/auth/codes', body));
      setCode('');
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!/^\d{6}$/.test(code.trim())) {
      setLocalErrors({ code: t('identify.codeFormat') });
      return;
    }
    setLocalErrors({});
    setBusy(true);
    try {
      const session = await api<{ csrfToken: string }>('POST', '/v1/auth/sessions', {
        challengeId: challenge!.challengeId,
        code: code.trim(),
      });
      setCsrfToken(session.csrfToken);
      await refresh();
      navigate(next, { replace: true });
    } catch (caught) {
      const apiError = caught as ApiError;
      setError(apiError);
      // A locked or expired code cannot be tried again: go back to ask for a new one.
      if (apiError.code === 'CODE_LOCKED' || apiError.code === 'CODE_EXPIRED') setChallenge(null);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: string) =>
    localErrors[field] ?? (error && fieldOf(error) === field ? errorText(error) : null);
  const formError = error && (challenge || !fieldOf(error)) ? error : null;

  if (challenge) {
    return (
      <>
        <PageHeading title={t('identify.codeTitle')}>{t('identify.codeTitle')}</PageHeading>
        <p role="status">
          {challenge.channel === 'sms'
            ? t('identify.codeSentSms', { to: challenge.sentTo })
            : t('identify.codeSentEmail', { to: challenge.sentTo })}
        </p>
        <ErrorBox error={formError} />
        <form onSubmit={submitCode} noValidate>
          <Field label={t('identify.code')} hint={t('identify.codeHint')} error={fieldError('code')}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                className="short"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('identify.verify')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void requestCode()}>
              {t('identify.resend')}
            </button>
            <button type="button" className="link-button" onClick={() => setChallenge(null)}>
              {t('identify.changeDetails')}
            </button>
          </div>
        </form>
      </>
    );
  }

  return (
    <>
      <PageHeading title={t('identify.title')}>{t('identify.title')}</PageHeading>
      <p>{t('identify.lead')}</p>
      <ErrorBox error={formError} />
      <form onSubmit={requestCode} noValidate>
        <Field label={t('identify.msisdn')} hint={t('identify.msisdnHint')} error={fieldError('msisdn')}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="msisdn"
              type="tel"
              autoComplete="tel"
              value={msisdn}
              onChange={(e) => setMsisdn(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <fieldset>
          <legend>{t('identify.methodLegend')}</legend>
          <div className="choice">
            <input
              type="radio"
              id="method-iccid"
              name="method"
              checked={method === 'iccid'}
              onChange={() => setMethod('iccid')}
            />
            <label htmlFor="method-iccid">{t('identify.methodIccid')}</label>
          </div>
          <div className="choice">
            <input
              type="radio"
              id="method-login"
              name="method"
              checked={method === 'accountLogin'}
              onChange={() => setMethod('accountLogin')}
            />
            <label htmlFor="method-login">{t('identify.methodLogin')}</label>
          </div>
        </fieldset>
        {method === 'iccid' ? (
          <Field label={t('identify.iccid')} hint={t('identify.iccidHint')} error={fieldError('iccid')}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name="iccid"
                inputMode="numeric"
                autoComplete="off"
                value={iccid}
                onChange={(e) => setIccid(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
        ) : (
          <Field label={t('identify.login')} hint={t('identify.loginHint')} error={fieldError('accountLogin')}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name="accountLogin"
                autoComplete="username"
                value={accountLogin}
                onChange={(e) => setAccountLogin(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('identify.sendCode')}
          </button>
        </div>
      </form>
      <p>
        <Link to="/help#login">{t('identify.forgotLogin')}</Link>
      </p>
    </>
  );
}
