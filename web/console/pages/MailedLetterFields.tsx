import { useTranslation } from 'react-i18next';
import { sameName } from '../../../src/domain/name-matching.js';
import { letterScanTypes } from '../../../src/domain/uploads.js';
import { DateField, type DateEntry, type DateParts } from '../../shared/DateField';
import type { FormErrors } from '../../shared/form-errors';
import { Field, TextField } from '../../shared/ui';

/** What a clerk keys in from a mailed letter besides the holder's name (the store asks for that too). */
export interface LetterFields {
  address: string;
  birthParts: DateParts;
  accountNumber: string;
  iccidLastDigits: string;
  letterParts: DateParts;
}

/**
 * Proving identity by a mailed letter: its scan, and what it says keyed in beside the account record,
 * each of name and address marked as matching or differing as the clerk types.
 */
export function MailedLetterFields({
  errors,
  market,
  subscriber,
  holderName,
  onHolderName,
  letter,
  onLetter,
  birthEntry,
  letterEntry,
  scanPreview,
  onScan,
}: {
  errors: FormErrors;
  market: string;
  subscriber: { name: string; address: string };
  holderName: string;
  onHolderName: (value: string) => void;
  letter: LetterFields;
  onLetter: (change: Partial<LetterFields>) => void;
  birthEntry: DateEntry;
  letterEntry: DateEntry;
  scanPreview: string | null;
  onScan: (file: File | null) => void;
}) {
  const { t } = useTranslation();
  const { address } = letter;
  const nameMatches = holderName.trim() !== '' && sameName(holderName, subscriber.name);
  const addressMatches = address.trim() !== '' && sameName(address, subscriber.address);
  const visiblyDiffers = (holderName.trim() !== '' && !nameMatches) || (address.trim() !== '' && !addressMatches);
  return (
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
            onChange={(e) => onScan(e.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      <div className="compare">
        <section aria-labelledby="letter-title">
          <h3 id="letter-title">{t('console.intake.letter')}</h3>
          {scanPreview && <img src={scanPreview} alt={t('console.intake.scanAlt')} className="scan" />}
          <TextField
            label={t('console.intake.holderName')}
            error={errors.error('holderName')}
            id={errors.fieldId('holderName')}
            name="holderName"
            value={holderName}
            onChange={onHolderName}
          />
          <TextField
            label={t('console.field.address')}
            name="address"
            value={address}
            onChange={(value) => onLetter({ address: value })}
          />
          <DateField
            id={errors.fieldId('dateOfBirth')}
            legend={t('console.intake.dateOfBirth')}
            error={errors.error('dateOfBirth')}
            invalidParts={birthEntry.kind === 'invalid' ? birthEntry.parts : undefined}
            value={letter.birthParts}
            onChange={(value) => onLetter({ birthParts: value })}
            market={market}
          />
          <TextField
            label={t('console.intake.accountNumber')}
            name="accountNumber"
            value={letter.accountNumber}
            onChange={(value) => onLetter({ accountNumber: value })}
          />
          <TextField
            label={t('console.intake.iccidLastDigits')}
            name="iccidLastDigits"
            inputMode="numeric"
            value={letter.iccidLastDigits}
            onChange={(value) => onLetter({ iccidLastDigits: value })}
          />
          <DateField
            id={errors.fieldId('letterDate')}
            legend={t('console.intake.letterDate')}
            error={errors.error('letterDate')}
            invalidParts={letterEntry.kind === 'invalid' ? letterEntry.parts : undefined}
            value={letter.letterParts}
            onChange={(value) => onLetter({ letterParts: value })}
            market={market}
          />
        </section>
        <section aria-labelledby="record-title">
          <h3 id="record-title">{t('console.intake.record')}</h3>
          <dl className="summary">
            <dt>{t('console.letterCheck.factorName.name')}</dt>
            <dd>
              {subscriber.name}{' '}
              {holderName.trim() && (
                <span className={nameMatches ? 'match' : 'mismatch'}>
                  {nameMatches ? t('console.intake.matches') : t('console.intake.differs')}
                </span>
              )}
            </dd>
            <dt>{t('console.field.address')}</dt>
            <dd>
              {subscriber.address}{' '}
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
  );
}
