import { useTranslation } from 'react-i18next';
import { rejectionReasons, type RejectionReason } from '../../src/domain/rejection-reasons.js';
import { Field } from '../shared/ui';

/**
 * The reason a case is rejected for (the stable codes of src/domain/rejection-reasons.ts) and a note
 * for staff; "other" says why in the note, which the API requires where it takes a rejected letter.
 */
export function RejectionFields({
  reason,
  note,
  onReason,
  onNote,
  noteHint,
  noteId,
  noteError,
}: {
  reason: RejectionReason;
  note: string;
  onReason: (reason: RejectionReason) => void;
  onNote: (note: string) => void;
  noteHint?: string;
  /** The note's id and error when a form's error summary points to it (web/shared/form-errors.tsx). */
  noteId?: string;
  noteError?: string | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('console.case.reason')}>
        {({ id }) => (
          <select id={id} value={reason} onChange={(e) => onReason(e.target.value as RejectionReason)}>
            {rejectionReasons.map((r) => (
              <option key={r} value={r}>
                {t(`console.reason.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={reason === 'other' ? t('console.letterCheck.noteRequired') : t('console.case.note')}
        hint={noteHint}
        id={noteId}
        error={noteError}
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            rows={2}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={note}
            onChange={(e) => onNote(e.target.value)}
          />
        )}
      </Field>
    </>
  );
}
