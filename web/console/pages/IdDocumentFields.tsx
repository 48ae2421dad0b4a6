import { useTranslation } from 'react-i18next';
import { idDocumentTypes, type IdDocumentType } from '../../../src/domain/evidence.js';
import type { FormErrors } from '../../shared/form-errors';
import { Field, TextField } from '../../shared/ui';

/** Proving identity in a store: the ID document the holder shows, checked against the account. */
export function IdDocumentFields({
  errors,
  documentType,
  onDocumentType,
  documentNumber,
  onDocumentNumber,
  holderName,
  onHolderName,
}: {
  errors: FormErrors;
  documentType: IdDocumentType;
  onDocumentType: (value: IdDocumentType) => void;
  documentNumber: string;
  onDocumentNumber: (value: string) => void;
  holderName: string;
  onHolderName: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('console.intake.storeScript')}</p>
      <Field label={t('console.intake.documentType')}>
        {({ id }) => (
          <select id={id} value={documentType} onChange={(e) => onDocumentType(e.target.value as IdDocumentType)}>
            {idDocumentTypes.map((d) => (
              <option key={d} value={d}>
                {t(`console.document.${d}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        label={t('console.intake.documentNumber')}
        error={errors.error('documentNumber')}
        id={errors.fieldId('documentNumber')}
        name="documentNumber"
        value={documentNumber}
        onChange={onDocumentNumber}
      />
      <TextField
        label={t('console.intake.holderName')}
        error={errors.error('holderName')}
        id={errors.fieldId('holderName')}
        name="holderName"
        value={holderName}
        onChange={onHolderName}
      />
    </>
  );
}
