import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, readFileForUpload, type ApiError } from '../../shared/api';
import { formatDate, formatMoney, localeFor } from '../../shared/format';
import { navigate, useLocation } from '../../shared/router';
import { DateField, noDateParts, readDateParts, useDateErrorText } from '../../shared/DateField';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { ErrorMessage, Field, PageHeading, PageLoading } from '../../shared/ui';
import { languages } from '../../i18n';
import { ChecklistSummary } from '../ChecklistSummary';
import { LetterCheck, mismatchDecision, type MismatchChoice, type MismatchedFactor } from '../LetterCheck';
import type { LineLookup, StaffCaseView } from '../types';
import {
  idDocumentTypes,
  remoteChannels,
  type AssistedChannel,
  type IdDocumentType,
} from '../../../src/domain/evidence.js';
import { sameName } from '../../../src/domain/name-matching.js';
import { letterScanTypes } from '../../../src/domain/uploads.js';

/** Whether the desk asks the holder to confirm the agent's contact from the line. */
const isRemote = (channel: AssistedChannel) => (remoteChannels as readonly string[]).includes(channel);

interface CallConfirmation {
  confirmationId: string;
  sentTo: string;
  status: 'pending' | 'confirmed' | 'denied' | 'expired' | 'used' | 'void';
}

/** The field of the form a refused filing is about (the server names it), for the error summary. */
function fieldOfFilingError(error: ApiError): string | null {
  const field = refusedField(error);
  if (error.code === 'IDENTITY_MISMATCH' && Array.isArray(error.details.mismatched)) {
    return error.details.mismatched.includes('document') ? 'documentNumber' : 'holderName';
  }
  if (error.code.startsWith('CALL_CONFIRMATION')) return 'confirmation';
  switch (field) {
    case 'decisions.balance.toMsisdn':
      return 'transferTo';
    case 'requestedEndDate':
      return 'endDate';
    case 'verification.letterDate':
      return 'letterDate';
    case 'verification.dateOfBirth':
      return 'dateOfBirth';
    case 'verification.scan':
      return 'scan';
    case 'verification.documentNumber':
      return 'documentNumber';
    case 'verification.holderName':
      return 'holderName';
    default:
      return null;
  }
}

/** How often the desk asks whether the holder has answered the text to the line. */
const CONFIRMATION_POLL_MS = 2000;

/**
 * Filing a cancellation for a subscriber at the desk. Each channel records how identity was proven:
 * the holder confirms the call from the line on file, by reply or link (phone, chat, e-mail, social:
 * nobody reads a code aloud), an ID document checked in the store, or a mailed letter keyed in beside
 * the account record. The subscriber gets the same receipt as online.
 */
export function IntakePage({ msisdn }: { msisdn: string }) {
  const { t, i18n } = useTranslation();
  const { query } = useLocation();
  const channel = (query.get('channel') ?? 'phone') as AssistedChannel;
  const [data, setData] = useState<LineLookup | null>(null);
  // The line's lookup failing; a refused filing goes to the error summary.
  const [error, setError] = useState<ApiError | Error | null>(null);
  const errors = useFormErrors();
  const dateError = useDateErrorText();
  const [busy, setBusy] = useState(false);
  // Verification
  const [confirmation, setConfirmation] = useState<CallConfirmation | null>(null);
  const [documentType, setDocumentType] = useState<IdDocumentType>('passport');
  const [documentNumber, setDocumentNumber] = useState('');
  const [holderName, setHolderName] = useState('');
  const [address, setAddress] = useState('');
  const [birthParts, setBirthParts] = useState(noDateParts);
  const [accountNumber, setAccountNumber] = useState('');
  const [iccidLastDigits, setIccidLastDigits] = useState('');
  const [letterParts, setLetterParts] = useState(noDateParts);
  const [scan, setScan] = useState<File | null>(null);
  const [scanPreview, setScanPreview] = useState<string | null>(null);
  // The check step: what the server found contradicting the account, and the clerk's decision on it.
  const [mismatched, setMismatched] = useState<string[] | null>(null);
  const [choice, setChoice] = useState<MismatchChoice | null>(null);
  // Decisions
  const [acceptCharge, setAcceptCharge] = useState(false);
  const [balance, setBalance] = useState<'transfer' | 'refund' | 'forfeit' | ''>('');
  const [transferTo, setTransferTo] = useState('');
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const [endParts, setEndParts] = useState(noDateParts);
  // The language the holder asks for their messages in; null until the agent changes it.
  const [holderLanguage, setHolderLanguage] = useState<string | null>(null);
  const [override, setOverride] = useState(false);
  const [overrideNote, setOverrideNote] = useState('');
  const idempotencyKey = useRef(`console-${crypto.randomUUID()}`);

  useEffect(() => {
    api<LineLookup>('GET', `/v1/staff/lines/${encodeURIComponent(msisdn)}`)
      .then(setData)
      .catch(setError);
  }, [msisdn]);

  const birthEntry = readDateParts(birthParts);
  const letterEntry = readDateParts(letterParts);
  const endEntry = readDateParts(endParts);
  const dateOfBirth = birthEntry.kind === 'date' ? birthEntry.iso : '';
  const endDate = endEntry.kind === 'date' ? endEntry.iso : '';

  // A corrected letter is checked afresh: what was found before may no longer be so.
  useEffect(() => {
    setMismatched(null);
    setChoice(null);
  }, [holderName, address, dateOfBirth, accountNumber, iccidLastDigits]);

  // The holder answers on their phone; the desk shows the answer as soon as it is in.
  const waitingFor = confirmation?.status === 'pending' ? confirmation.confirmationId : null;
  useEffect(() => {
    if (!waitingFor) return;
    const timer = setInterval(() => {
      api<CallConfirmation>('GET', `/v1/staff/call-confirmations/${waitingFor}`)
        .then(setConfirmation)
        .catch((caught: ApiError) => errors.fail(caught));
    }, CONFIRMATION_POLL_MS);
    return () => clearInterval(timer);
  }, [waitingFor]);

  if (!data) {
    return <PageLoading title={t('console.intake.title')} error={error} />;
  }
  const locale = localeFor(i18n.language, data.line.market);
  const items = data.checklist.items;
  // An end date before the minimum term ends is an early exit: its charge needs the holder's acceptance.
  const contractEnd = items.find((i) => i.kind === 'contract_end');
  const etc =
    contractEnd !== undefined &&
    contractEnd.earlyExitChargeMinor !== null &&
    contractEnd.minimumTermEndsOn !== null &&
    endDate !== '' &&
    endDate < contractEnd.minimumTermEndsOn
      ? { amountMinor: contractEnd.earlyExitChargeMinor, currency: contractEnd.currency }
      : null;
  const balanceItem = items.find((i) => i.kind === 'balance');
  const services = items.filter((i) => i.kind === 'bound_service');

  const askLineToConfirm = async () => {
    errors.clear();
    try {
      setConfirmation(await api<CallConfirmation>('POST', '/v1/staff/call-confirmations', { msisdn }));
    } catch (caught) {
      errors.fail(caught as ApiError);
    }
  };

  const chooseScan = (file: File | null) => {
    setScan(file);
    setScanPreview(null);
    if (file && file.type.startsWith('image/') && file.type !== 'image/tiff') {
      void readFileForUpload(file).then((f) => setScanPreview(`data:${f.contentType};base64,${f.contentBase64}`));
    }
  };

  const verification = async () => {
    if (isRemote(channel)) {
      return { method: 'line_confirmation', confirmationId: confirmation!.confirmationId };
    }
    if (channel === 'store') return { method: 'id_document', documentType, documentNumber, holderName };
    return {
      method: 'mailed_letter',
      holderName,
      address: address.trim() || null,
      dateOfBirth: dateOfBirth || null,
      accountNumber: accountNumber.trim() || null,
      iccidLastDigits: iccidLastDigits.replace(/\s+/g, '') || null,
      letterDate: letterEntry.kind === 'date' ? letterEntry.iso : '',
      scan: await readFileForUpload(scan!),
      onMismatch: mismatched && choice ? mismatchDecision(choice) : null,
    };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // What the desk can tell before asking the server, in the order of the page.
    const remote = isRemote(channel);
    const ready = errors.check({
      confirmation: remote && confirmation?.status !== 'confirmed' && t('console.intake.confirmFirst'),
      documentNumber: channel === 'store' && !documentNumber.trim() && t('console.intake.documentNumberMissing'),
      scan:
        channel === 'mail' &&
        (!scan || !(letterScanTypes as readonly string[]).includes(scan.type)) &&
        t('console.intake.scanMissing'),
      holderName:
        (channel === 'store' || channel === 'mail') && !holderName.trim() && t('console.intake.holderNameMissing'),
      dateOfBirth: channel === 'mail' && dateError(birthEntry, t('console.intake.dateOfBirth')),
      letterDate:
        channel === 'mail' &&
        dateError(letterEntry, t('console.intake.letterDate'), t('console.intake.letterDateMissing')),
      transferTo: balance === 'transfer' && !transferTo.trim() && t('checklist.balance.transferMissing'),
      endDate: dateError(endEntry, t('confirm.endDate')),
      letterCheck: mismatched !== null && !choice && t('console.letterCheck.chooseFirst'),
    });
    if (!ready) return;
    setBusy(true);
    try {
      const view = await api<StaffCaseView>(
        'POST',
        '/v1/staff/cases',
        {
          msisdn,
          channel,
          verification: await verification(),
          decisions: {
            acceptEarlyTerminationCharge: acceptCharge,
            balance:
              balance === 'transfer'
                ? { option: 'transfer', toMsisdn: transferTo.trim() }
                : balance === 'refund'
                  ? { option: 'refund' }
                  : balance === 'forfeit'
                    ? { option: 'forfeit', acknowledged: true }
                    : null,
            acknowledgedServiceIds: acknowledged,
          },
          requestedEndDate: endDate || null,
          agentOverride: override,
          overrideNote: override ? overrideNote.trim() || null : null,
          // Recorded as the holder's choice only when the agent changed it.
          holderLanguage: holderLanguage !== null && holderLanguage !== data.language.current ? holderLanguage : null,
        },
        { 'idempotency-key': idempotencyKey.current },
      );
      navigate(`/console/cases/${view.id}?filed=1`);
    } catch (caught) {
      const apiError = caught as ApiError;
      // A letter that contradicts the account: the check step says what and asks what happens to it.
      if (apiError.code === 'LETTER_MISMATCH' && Array.isArray(apiError.details.mismatched)) {
        setMismatched(apiError.details.mismatched as string[]);
        errors.clear();
      } else {
        errors.fail(apiError, fieldOfFilingError);
      }
      if ((caught as ApiError).status && (caught as ApiError).status < 500)
        idempotencyKey.current = `console-${crypto.randomUUID()}`;
    } finally {
      setBusy(false);
    }
  };

  const nameMatches = holderName.trim() !== '' && sameName(holderName, data.subscriber.name);
  const addressMatches = address.trim() !== '' && sameName(address, data.subscriber.address);
  const visiblyDiffers = (holderName.trim() !== '' && !nameMatches) || (address.trim() !== '' && !addressMatches);
  const letterValue: Record<string, [letter: string, record: string | null]> = {
    name: [holderName, data.subscriber.name],
    address: [address, data.subscriber.address],
    date_of_birth: [dateOfBirth ? formatDate(dateOfBirth, locale) : '', null],
    account_number: [accountNumber, null],
    iccid_last_digits: [iccidLastDigits, null],
  };
  const mismatchedFactors: MismatchedFactor[] = (mismatched ?? []).map((factor) => ({
    factor,
    letter: letterValue[factor]?.[0] ?? '',
    record: letterValue[factor]?.[1] ?? null,
  }));

  return (
    <>
      <PageHeading title={t('console.intake.title')}>
        {t('console.intake.titleFor', { msisdn, channel: t(`console.channel.${channel}`) })}
      </PageHeading>
      <p>
        {t('console.field.holder')}: <strong>{data.subscriber.name}</strong>
      </p>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate className={channel === 'mail' ? 'intake-wide' : undefined}>
        <section className="panel" aria-labelledby="verify-title">
          <h2 id="verify-title">{t('console.intake.verify')}</h2>
          {isRemote(channel) && (
            <>
              <p>{t('console.intake.script')}</p>
              <p className="warning">{t('console.intake.neverAsk')}</p>
              {errors.error('confirmation') && (
                <ErrorMessage id={`${errors.fieldId('confirmation')}-error`}>
                  {errors.error('confirmation')}
                </ErrorMessage>
              )}
              {confirmation?.status !== 'confirmed' && (
                <button
                  type="button"
                  className="secondary"
                  id={errors.fieldId('confirmation')}
                  aria-describedby={
                    errors.error('confirmation') ? `${errors.fieldId('confirmation')}-error` : undefined
                  }
                  onClick={() => void askLineToConfirm()}
                >
                  {confirmation ? t('console.intake.askAgain') : t('console.intake.askToConfirm')}
                </button>
              )}
              <p role="status" className={confirmation?.status === 'denied' ? 'warning' : undefined}>
                {confirmation && t(`console.intake.confirmation.${confirmation.status}`, { to: confirmation.sentTo })}
              </p>
            </>
          )}
          {channel === 'store' && (
            <>
              <p>{t('console.intake.storeScript')}</p>
              <Field label={t('console.intake.documentType')}>
                {({ id }) => (
                  <select
                    id={id}
                    value={documentType}
                    onChange={(e) => setDocumentType(e.target.value as typeof documentType)}
                  >
                    {idDocumentTypes.map((d) => (
                      <option key={d} value={d}>
                        {t(`console.document.${d}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                label={t('console.intake.documentNumber')}
                error={errors.error('documentNumber')}
                id={errors.fieldId('documentNumber')}
              >
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    name="documentNumber"
                    value={documentNumber}
                    onChange={(e) => setDocumentNumber(e.target.value)}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                  />
                )}
              </Field>
              <Field
                label={t('console.intake.holderName')}
                error={errors.error('holderName')}
                id={errors.fieldId('holderName')}
              >
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    name="holderName"
                    value={holderName}
                    onChange={(e) => setHolderName(e.target.value)}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                  />
                )}
              </Field>
            </>
          )}
          {channel === 'mail' && (
            <>
              <Field
                label={t('console.intake.scan')}
                hint={t('console.intake.scanHint')}
                error={errors.error('scan')}
                id={errors.fieldId('scan')}
              >
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    type="file"
                    accept={letterScanTypes.join(',')}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onChange={(e) => chooseScan(e.target.files?.[0] ?? null)}
                  />
                )}
              </Field>
              <div className="compare">
                <section aria-labelledby="letter-title">
                  <h3 id="letter-title">{t('console.intake.letter')}</h3>
                  {scanPreview && <img src={scanPreview} alt={t('console.intake.scanAlt')} className="scan" />}
                  <Field
                    label={t('console.intake.holderName')}
                    error={errors.error('holderName')}
                    id={errors.fieldId('holderName')}
                  >
                    {({ id, describedBy, invalid }) => (
                      <input
                        id={id}
                        name="holderName"
                        value={holderName}
                        onChange={(e) => setHolderName(e.target.value)}
                        aria-describedby={describedBy}
                        aria-invalid={invalid}
                      />
                    )}
                  </Field>
                  <Field label={t('console.field.address')}>
                    {({ id }) => (
                      <input id={id} name="address" value={address} onChange={(e) => setAddress(e.target.value)} />
                    )}
                  </Field>
                  <DateField
                    id={errors.fieldId('dateOfBirth')}
                    legend={t('console.intake.dateOfBirth')}
                    error={errors.error('dateOfBirth')}
                    invalidParts={birthEntry.kind === 'invalid' ? birthEntry.parts : undefined}
                    value={birthParts}
                    onChange={setBirthParts}
                    market={data.line.market}
                  />
                  <Field label={t('console.intake.accountNumber')}>
                    {({ id }) => (
                      <input
                        id={id}
                        name="accountNumber"
                        value={accountNumber}
                        onChange={(e) => setAccountNumber(e.target.value)}
                      />
                    )}
                  </Field>
                  <Field label={t('console.intake.iccidLastDigits')}>
                    {({ id }) => (
                      <input
                        id={id}
                        name="iccidLastDigits"
                        inputMode="numeric"
                        value={iccidLastDigits}
                        onChange={(e) => setIccidLastDigits(e.target.value)}
                      />
                    )}
                  </Field>
                  <DateField
                    id={errors.fieldId('letterDate')}
                    legend={t('console.intake.letterDate')}
                    error={errors.error('letterDate')}
                    invalidParts={letterEntry.kind === 'invalid' ? letterEntry.parts : undefined}
                    value={letterParts}
                    onChange={setLetterParts}
                    market={data.line.market}
                  />
                </section>
                <section aria-labelledby="record-title">
                  <h3 id="record-title">{t('console.intake.record')}</h3>
                  <dl className="summary">
                    <dt>{t('console.letterCheck.factorName.name')}</dt>
                    <dd>
                      {data.subscriber.name}{' '}
                      {holderName.trim() && (
                        <span className={nameMatches ? 'match' : 'mismatch'}>
                          {nameMatches ? t('console.intake.matches') : t('console.intake.differs')}
                        </span>
                      )}
                    </dd>
                    <dt>{t('console.field.address')}</dt>
                    <dd>
                      {data.subscriber.address}{' '}
                      {address.trim() && (
                        <span className={addressMatches ? 'match' : 'mismatch'}>
                          {addressMatches ? t('console.intake.matches') : t('console.intake.differs')}
                        </span>
                      )}
                    </dd>
                  </dl>
                  {visiblyDiffers && <p className="notice">{t('console.intake.mismatchHelp')}</p>}
                  <p className="hint">{t('console.intake.mailRule')}</p>
                </section>
              </div>
            </>
          )}
        </section>

        <section className="panel" aria-labelledby="decide-title">
          <h2 id="decide-title">{t('console.intake.decisions')}</h2>
          <ChecklistSummary items={items} market={data.line.market} />
          {etc && (
            <div className="choice">
              <input
                type="checkbox"
                id="accept-etc"
                checked={acceptCharge}
                onChange={(e) => setAcceptCharge(e.target.checked)}
              />
              <label htmlFor="accept-etc">
                {t('checklist.etc.accept', { amount: formatMoney(etc.amountMinor, etc.currency, locale) })}
              </label>
            </div>
          )}
          {balanceItem && (
            <fieldset>
              <legend>{t('checklist.balance.legend')}</legend>
              {balanceItem.options.map((option) => (
                <div className="choice" key={option}>
                  <input
                    type="radio"
                    name="balance"
                    id={`balance-${option}`}
                    checked={balance === option}
                    onChange={() => setBalance(option)}
                  />
                  <label htmlFor={`balance-${option}`}>{t(`checklist.balance.${option}`)}</label>
                </div>
              ))}
              {balance === 'transfer' && (
                <Field
                  label={t('checklist.balance.transferTo')}
                  hint={t('console.intake.transferToHint')}
                  error={errors.error('transferTo')}
                  id={errors.fieldId('transferTo')}
                >
                  {({ id, describedBy, invalid }) => (
                    <input
                      id={id}
                      type="tel"
                      value={transferTo}
                      onChange={(e) => setTransferTo(e.target.value)}
                      aria-describedby={describedBy}
                      aria-invalid={invalid}
                    />
                  )}
                </Field>
              )}
            </fieldset>
          )}
          {services.map(
            (service) =>
              service.kind === 'bound_service' && (
                <div className="choice" key={service.serviceId}>
                  <input
                    type="checkbox"
                    id={`ack-${service.serviceId}`}
                    checked={acknowledged.includes(service.serviceId)}
                    onChange={(e) =>
                      setAcknowledged((was) =>
                        e.target.checked ? [...was, service.serviceId] : was.filter((s) => s !== service.serviceId),
                      )
                    }
                  />
                  <label htmlFor={`ack-${service.serviceId}`}>{t('checklist.bound.ack', { name: service.name })}</label>
                </div>
              ),
          )}
          <DateField
            id={errors.fieldId('endDate')}
            legend={t('confirm.endDate')}
            hint={t('console.intake.endDateHint')}
            error={errors.error('endDate')}
            invalidParts={endEntry.kind === 'invalid' ? endEntry.parts : undefined}
            value={endParts}
            onChange={setEndParts}
            market={data.line.market}
          />
          <Field
            label={t('console.intake.language')}
            hint={t('console.intake.languageHint')}
            error={errors.error('holderLanguage')}
            id={errors.fieldId('holderLanguage')}
          >
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                value={holderLanguage ?? data.language.current}
                onChange={(e) => setHolderLanguage(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              >
                {data.language.offered.map((code) => (
                  <option key={code} value={code} lang={code}>
                    {languages.find((l) => l.code === code)?.name ?? code}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="choice">
            <input type="checkbox" id="override" checked={override} onChange={(e) => setOverride(e.target.checked)} />
            <label htmlFor="override">{t('console.intake.override')}</label>
          </div>
          {override && (
            <Field label={t('console.intake.overrideNote')}>
              {({ id }) => (
                <textarea id={id} rows={2} value={overrideNote} onChange={(e) => setOverrideNote(e.target.value)} />
              )}
            </Field>
          )}
        </section>
        {mismatched ? (
          <div id={errors.fieldId('letterCheck')} tabIndex={-1}>
            <LetterCheck
              mismatched={mismatchedFactors}
              choice={choice}
              onChoice={(chosen) => {
                setChoice(chosen);
                setError(null);
              }}
              onBack={() => {
                setMismatched(null);
                setChoice(null);
              }}
              busy={busy}
            />
          </div>
        ) : (
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('console.intake.submit')}
            </button>
          </div>
        )}
      </form>
    </>
  );
}
