import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, readFileForUpload, type ApiError } from '../../shared/api';
import { formatDate, formatInstant, localeFor } from '../../shared/format';
import { Link } from '../../shared/router';
import { useSession } from '../../shared/session';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { ErrorBox, Field, Loading, PageHeading, PageLoading } from '../../shared/ui';
import type { CaseView } from '../types';
import { CaseMessages } from './CaseMessages';
import { NextSteps } from './NextSteps';
import { ReferencePanel } from './ReferencePanel';
import { CaseOutcome } from './CaseOutcome';
import type { WithdrawalReason } from '../../../src/domain/lifecycle.js';
import { attachmentTypes, MAX_UPLOAD_BYTES } from '../../../src/domain/uploads.js';

/**
 * Timeline events that keep the case's state but are a step of their own, labelled by what happened
 * rather than by the state (the number's release is not the cancellation again).
 */
const eventLabels = new Set(['number_released', 'esim_notification']);

/**
 * The case, as its holder follows it: its reference and where it stands, what happens next and when
 * (or, completed, what happened), what the holder may do now (write, answer a question, withdraw, stop
 * it, fetch the confirmation letter), then its timeline and the messages, folded. Signed out, it
 * explains itself: this is where "not you? stop it" lands.
 */
export function CasePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { status } = useSession();
  if (status === 'loading') return <Loading />;
  if (status === 'signed_out') {
    const next = encodeURIComponent(`/cases/${id}`);
    return (
      <>
        <PageHeading title={t('case.signedOutTitle')}>{t('case.signedOutTitle')}</PageHeading>
        <div className="warning">
          <h2>{t('case.notYouTitle')}</h2>
          <p>{t('case.notYouText')}</p>
        </div>
        <p>{t('case.signedOutText')}</p>
        <p>
          <Link to={`/identify?next=${next}`} className="button primary">
            {t('case.signIn')}
          </Link>
        </p>
      </>
    );
  }
  return <CaseDetails id={id} />;
}

function CaseDetails({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<CaseView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState<WithdrawalReason | null>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState('');
  const answerErrors = useFormErrors();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setView(await api<CaseView>('GET', `/v1/cases/${id}`));
      setError(null);
    } catch (caught) {
      setError(caught as ApiError);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (!view) {
    return <PageLoading title={t('case.title')} error={error} />;
  }

  const locale = localeFor(i18n.language, view.market);
  const at = (iso: string) => formatInstant(iso, locale, view.timeZone);
  const mayWithdraw = view.allowedActions.includes('withdraw');
  const mayAnswer = view.allowedActions.includes('provide_info');
  // Any open case takes a message: a question, a document, or chasing a review that takes long.
  const mayWrite = mayAnswer || view.mayWrite;
  // What we asked: the newest message staff wrote on the case.
  const question = mayAnswer
    ? view.communications.filter((m) => m.channel === 'portal' && m.direction === 'outbound').at(-1)
    : undefined;

  const withdraw = async (reason: WithdrawalReason) => {
    setBusy(true);
    try {
      setView(await api<CaseView>('POST', `/v1/cases/${id}/withdraw`, { reason }));
      setConfirming(null);
      setNotice(reason === 'holder_disputed' ? t('case.stopped') : t('case.withdrawn'));
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const sendAnswer = async (event: FormEvent) => {
    event.preventDefault();
    const ready = answerErrors.check({
      answer: !answer.trim() && (mayAnswer ? t('case.answerMissing') : t('case.messageMissing')),
      file: fileError,
    });
    if (!ready) return;
    setBusy(true);
    try {
      const attachment = file ? await readFileForUpload(file) : null;
      setView(await api<CaseView>('POST', `/v1/cases/${id}/info`, { message: answer.trim(), attachment }));
      setAnswer('');
      setFile(null);
      setNotice(mayAnswer ? t('case.answerSent') : t('case.writeSent'));
    } catch (caught) {
      answerErrors.fail(caught as ApiError, (e) => {
        const field = refusedField(e);
        return field === 'message'
          ? 'answer'
          : field?.startsWith('attachment') || e.code === 'BODY_TOO_LARGE'
            ? 'file'
            : null;
      });
    } finally {
      setBusy(false);
    }
  };

  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    if (chosen && !(attachmentTypes as readonly string[]).includes(chosen.type)) setFileError(t('case.fileType'));
    else if (chosen && chosen.size > MAX_UPLOAD_BYTES) setFileError(t('case.fileSize'));
    else setFileError(null);
  };

  const ended = view.state === 'withdrawn' || view.state === 'rejected';
  return (
    <>
      <PageHeading title={t('case.title')}>{t('case.title')}</PageHeading>
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      <ErrorBox error={error} />
      <div className="case-panels">
        <ReferencePanel reference={view.reference} msisdn={view.msisdn} />
        <section aria-labelledby="now-title" className={`status-panel status-${view.state}`}>
          <p className="status-label" aria-hidden="true">
            {t('case.status')}
          </p>
          <h2 id="now-title">{t(`state.${view.state}.name`, { defaultValue: view.state })}</h2>
          <p>{t(`state.${view.state}.text`, { defaultValue: '', date: formatDate(view.lineEndsOn, locale) })}</p>
          {view.reasonCode && <p>{t(`rejection.${view.reasonCode}`, { defaultValue: view.reasonCode })}</p>}
          {view.waitingOn && (
            <p>{t('case.waitingOn', { system: t(`system.${view.waitingOn}`, { defaultValue: view.waitingOn }) })}</p>
          )}
          {view.reviewOverdue && <p className="warning">{t('case.reviewOverdue')}</p>}
        </section>
      </div>
      {view.nextSteps.length > 0 && (
        <section aria-labelledby="next-title" className="next">
          <h2 id="next-title">{view.state === 'completed' ? t('next.doneTitle') : t('next.title')}</h2>
          <NextSteps steps={view.nextSteps} locale={locale} timeZone={view.timeZone} />
        </section>
      )}
      <dl className="summary">
        <dt>{t('receipt.receivedAt')}</dt>
        <dd>{at(view.receivedAt)}</dd>
        {ended && (
          <>
            <dt>{t(`case.endedAt.${view.state}`)}</dt>
            <dd>{at(view.timeline.find((event) => event.to === view.state)?.at ?? view.receivedAt)}</dd>
          </>
        )}
      </dl>
      <p className="downloads">
        <a href={`/v1/cases/${id}/receipt.pdf`} download>
          {t('case.downloadReceipt')}
        </a>
        {view.state === 'completed' && (
          <a className="button primary" href={`/v1/cases/${id}/confirmation.pdf`} download>
            {t('case.downloadLetter')}
          </a>
        )}
      </p>
      {view.state === 'completed' && <p>{t('case.afterwards')}</p>}

      <CaseOutcome view={view} locale={locale} at={at} />

      {mayWrite && (
        <section aria-labelledby="answer-title" className="answer">
          <h2 id="answer-title">{mayAnswer ? t('case.answerTitle') : t('case.writeTitle')}</h2>
          {question && <blockquote className="question">{question.body}</blockquote>}
          {!mayAnswer && <p>{view.reviewOverdue ? t('case.writeChase') : t('case.writeText')}</p>}
          {!mayAnswer && view.awaitingAnswerSince && (
            <p className="notice">{t('case.awaitingAnswer', { since: at(view.awaitingAnswerSince) })}</p>
          )}
          <ErrorSummary errors={answerErrors} />
          <form onSubmit={sendAnswer} noValidate>
            <Field
              label={mayAnswer ? t('case.answer') : t('case.message')}
              error={answerErrors.error('answer')}
              id={answerErrors.fieldId('answer')}
            >
              {({ id: fieldId, describedBy, invalid }) => (
                <textarea
                  id={fieldId}
                  rows={4}
                  maxLength={4000}
                  value={answer}
                  onChange={(e) => setAnswer(e.target.value)}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                />
              )}
            </Field>
            <Field
              label={t('case.file')}
              hint={t('case.fileHint')}
              error={answerErrors.error('file') ?? fileError}
              id={answerErrors.fieldId('file')}
            >
              {({ id: fieldId, describedBy, invalid }) => (
                <input
                  id={fieldId}
                  type="file"
                  accept={attachmentTypes.join(',')}
                  onChange={(e) => chooseFile(e.target.files?.[0] ?? null)}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                />
              )}
            </Field>
            <button type="submit" className="primary" disabled={busy}>
              {mayAnswer ? t('case.sendAnswer') : t('case.sendMessage')}
            </button>
          </form>
        </section>
      )}

      {mayWithdraw && (
        <section aria-labelledby="stop-title" className="stop">
          <h2 id="stop-title">{t('case.stopTitle')}</h2>
          {confirming ? (
            <div className="warning" tabIndex={-1} ref={confirmRef} role="group" aria-labelledby="confirm-stop">
              <p id="confirm-stop">
                {confirming === 'holder_disputed' ? t('case.confirmDisputed') : t('case.confirmWithdraw')}
              </p>
              <div className="actions">
                <button
                  type="button"
                  className="primary danger"
                  disabled={busy}
                  onClick={() => void withdraw(confirming)}
                >
                  {confirming === 'holder_disputed' ? t('case.stopYes') : t('case.withdrawYes')}
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                  {t('case.keep')}
                </button>
              </div>
            </div>
          ) : (
            <>
              <p>{t('case.stopText')}</p>
              <div className="actions">
                <button type="button" className="secondary" onClick={() => setConfirming('holder_request')}>
                  {t('case.withdraw')}
                </button>
                <button type="button" className="secondary danger" onClick={() => setConfirming('holder_disputed')}>
                  {t('case.notMe')}
                </button>
              </div>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <ol className="timeline">
          {view.timeline.map((event, index) => (
            <li key={index}>
              <time dateTime={event.at}>{at(event.at)}</time>
              <span>
                {eventLabels.has(event.type)
                  ? t(`case.event.${event.type}`)
                  : t(`state.${event.to}.name`, { defaultValue: event.to })}
              </span>
            </li>
          ))}
        </ol>
      </section>

      <CaseMessages messages={view.communications} at={at} />
    </>
  );
}
