import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api';
import { api, setCsrfToken } from '../../shared/api';
import { Link, navigate, useLocation } from '../../shared/router';
import { useSession } from '../../shared/session';
import { ErrorSummary, useFormErrors } from '../../shared/form-errors';
import { Field, PageHeading } from '../../shared/ui';

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
  const errors = useFormErrors();
  const { query } = useLocation();
  const { refresh } = useSession();
  const next = safeNext(query.get('next'));
  const [msisdn, setMsisdn] = useState('');
  const [method, setMethod] = useState<Method>('iccid');
  const [iccid, setIccid] = useState('');
  const [accountLogin, setAccountLogin] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [busy, setBusy] = useState(false);

  const requestCode = async (event?: FormEvent) => {
    event?.preventDefault();
    const serial = iccid.replace(/[\s-]/g, '');
    // In the order the fields appear; an empty field and a malformed one get different messages.
    const ready = errors.check({
      msisdn: !msisdn.trim() && t('identify.msisdnMissing'),
      iccid:
        method === 'iccid' &&
        (serial === '' ? t('identify.iccidMissing') : !/^\d{19,20}$/.test(serial) && t('identify.iccidFormat')),
      accountLogin: method === 'accountLogin' && !accountLogin.trim() && t('identify.loginMissing'),
    });
    if (!ready) return;
    setBusy(true);
    try {
      const body =
        method === 'iccid'
          ? { msisdn: msisdn.trim(), iccid: iccid.replace(/[\s-]/g, '') }
          : { msisdn: msisdn.trim(), accountLogin: accountLogin.trim() };
      setChallenge(await api<Challenge>('POST', '/v1/auth/codes', body));
      setCode('');
    } catch (caught) {
      errors.fail(caught as ApiError, fieldOf);
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    const ready = errors.check({
      code: code.trim() === '' ? t('identify.codeMissing') : !/^\d{6}$/.test(code.trim()) && t('identify.codeFormat'),
    });
    if (!ready) return;
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
      // A wrong code is about the code field; a locked or expired one cannot be tried again: back to
      // ask for a new one, with the reason in the first step's summary.
      errors.fail(apiError, (e) => (e.code === 'CODE_INVALID' ? 'code' : null));
      if (apiError.code === 'CODE_LOCKED' || apiError.code === 'CODE_EXPIRED') setChallenge(null);
    } finally {
      setBusy(false);
    }
  };

  if (challenge) {
    return (
      <>
        <PageHeading title={t('identify.codeTitle')}>{t('identify.codeTitle')}</PageHeading>
        <p role="status">
          {challenge.channel === 'sms'
            ? t('identify.codeSentSms', { to: challenge.sentTo })
            : t('identify.codeSentEmail', { to: challenge.sentTo })}
        </p>
        <ErrorSummary errors={errors} />
        <form onSubmit={submitCode} noValidate>
          <Field
            label={t('identify.code')}
            hint={t('identify.codeHint')}
            error={errors.error('code')}
            id={errors.fieldId('code')}
          >
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
            <button
              type="button"
              className="link-button"
              onClick={() => {
                errors.clear();
                setChallenge(null);
              }}
            >
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
      <ErrorSummary errors={errors} />
      <form onSubmit={requestCode} noValidate>
        <Field
          label={t('identify.msisdn')}
          hint={t('identify.msisdnHint')}
          error={errors.error('msisdn')}
          id={errors.fieldId('msisdn')}
        >
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
          <Field
            label={t('identify.iccid')}
            hint={t('identify.iccidHint')}
            error={errors.error('iccid')}
            id={errors.fieldId('iccid')}
          >
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
          <Field
            label={t('identify.login')}
            hint={t('identify.loginHint')}
            error={errors.error('accountLogin')}
            id={errors.fieldId('accountLogin')}
          >
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
