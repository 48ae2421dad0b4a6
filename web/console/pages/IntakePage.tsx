import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, readFileForUpload, type ApiError } from '../../shared/api';
import { formatDate, localeFor } from '../../shared/format';
import { navigate, useLocation } from '../../shared/router';
import { noDateParts, readDateParts, useDateErrorText } from '../../shared/DateField';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { PageHeading, PageLoading } from '../../shared/ui';
import { LetterCheck, mismatchDecision, type MismatchChoice, type MismatchedFactor } from '../LetterCheck';
import type { LineLookup, StaffCaseView } from '../types';
import { remoteChannels, type AssistedChannel, type IdDocumentType } from '../../../src/domain/evidence.js';
import { letterScanTypes } from '../../../src/domain/uploads.js';
import { CallConfirmationPanel, type CallConfirmation } from './CallConfirmationPanel';
import { IdDocumentFields } from './IdDocumentFields';
import { IntakeDecisions, noChoices, type IntakeChoices } from './IntakeDecisions';
import { MailedLetterFields, type LetterFields } from './MailedLetterFields';

/** Whether the desk asks the holder to confirm the agent's contact from the line. */
const isRemote = (channel: AssistedChannel) => (remoteChannels as readonly string[]).includes(channel);

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
  // What the mailed letter says, besides the name.
  const [letter, setLetter] = useState<LetterFields>({
    address: '',
    birthParts: noDateParts,
    accountNumber: '',
    iccidLastDigits: '',
    letterParts: noDateParts,
  });
  const [scan, setScan] = useState<File | null>(null);
  const [scanPreview, setScanPreview] = useState<string | null>(null);
  // The check step: what the server found contradicting the account, and the clerk's decision on it.
  const [mismatched, setMismatched] = useState<string[] | null>(null);
  const [choice, setChoice] = useState<MismatchChoice | null>(null);
  const [choices, setChoices] = useState<IntakeChoices>(noChoices);
  const { acceptCharge, balance, transferTo, acknowledged, holderLanguage, override, overrideNote } = choices;
  const { address, accountNumber, iccidLastDigits } = letter;
  const idempotencyKey = useRef(`console-${crypto.randomUUID()}`);

  useEffect(() => {
    api<LineLookup>('GET', `/v1/staff/lines/${encodeURIComponent(msisdn)}`)
      .then(setData)
      .catch(setError);
  }, [msisdn]);

  const birthEntry = readDateParts(letter.birthParts);
  const letterEntry = readDateParts(letter.letterParts);
  const endEntry = readDateParts(choices.endParts);
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
            <CallConfirmationPanel confirmation={confirmation} errors={errors} onAsk={() => void askLineToConfirm()} />
          )}
          {channel === 'store' && (
            <IdDocumentFields
              errors={errors}
              documentType={documentType}
              onDocumentType={setDocumentType}
              documentNumber={documentNumber}
              onDocumentNumber={setDocumentNumber}
              holderName={holderName}
              onHolderName={setHolderName}
            />
          )}
          {channel === 'mail' && (
            <MailedLetterFields
              errors={errors}
              market={data.line.market}
              subscriber={data.subscriber}
              holderName={holderName}
              onHolderName={setHolderName}
              letter={letter}
              onLetter={(change) => setLetter((was) => ({ ...was, ...change }))}
              birthEntry={birthEntry}
              letterEntry={letterEntry}
              scanPreview={scanPreview}
              onScan={chooseScan}
            />
          )}
        </section>
        <IntakeDecisions
          data={data}
          errors={errors}
          locale={locale}
          etc={etc}
          endEntry={endEntry}
          choices={choices}
          onChoices={(change) => setChoices((was) => ({ ...was, ...change }))}
        />
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
