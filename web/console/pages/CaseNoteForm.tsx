import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import type { FormErrors } from '../../shared/form-errors';
import { Field } from '../../shared/ui';
import { useMay } from '../permissions';
import type { StaffCaseView } from '../types';

/** Writing on a case: an internal note, or (for roles that may) a message the holder reads. */
export function CaseNoteForm({
  id,
  errors,
  fieldOf,
  onWritten,
}: {
  id: string;
  errors: FormErrors;
  fieldOf: (refusal: ApiError) => string | null;
  onWritten: (updated: StaffCaseView) => void;
}) {
  const { t } = useTranslation();
  const may = useMay();
  const [noteText, setNoteText] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'subscriber'>('internal');
  const [writing, setWriting] = useState(false);
  return (
    <>
      <h2>{t('console.case.write')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // One at a time: a note is not idempotent, so a double click must not post it twice.
          if (writing) return;
          setWriting(true);
          void api<StaffCaseView>('POST', `/v1/staff/cases/${id}/notes`, { body: noteText.trim(), visibility })
            .then((updated) => {
              onWritten(updated);
              setNoteText('');
            })
            .catch((caught: ApiError) => errors.fail(caught, fieldOf))
            .finally(() => setWriting(false));
        }}
      >
        <Field label={t('console.case.noteText')} error={errors.error('noteText')} id={errors.fieldId('noteText')}>
          {({ id: fieldId, describedBy, invalid }) => (
            <textarea
              id={fieldId}
              rows={3}
              value={noteText}
              onChange={(e) => setNoteText(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <fieldset>
          <legend>{t('console.case.visibility')}</legend>
          {(may('case.message') ? (['internal', 'subscriber'] as const) : (['internal'] as const)).map((v) => (
            <div className="choice" key={v}>
              <input
                type="radio"
                id={`visibility-${v}`}
                name="visibility"
                checked={visibility === v}
                onChange={() => setVisibility(v)}
              />
              <label htmlFor={`visibility-${v}`}>{t(`console.case.visibility_${v}`)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="secondary" disabled={!noteText.trim() || writing}>
          {t('console.case.addNote')}
        </button>
      </form>
    </>
  );
}
