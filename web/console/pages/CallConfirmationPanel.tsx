import { useTranslation } from 'react-i18next';
import type { FormErrors } from '../../shared/form-errors';
import { ErrorMessage } from '../../shared/ui';

/** A call confirmation as the desk follows it: the text to the line on file and the holder's answer. */
export interface CallConfirmation {
  confirmationId: string;
  sentTo: string;
  status: 'pending' | 'confirmed' | 'denied' | 'expired' | 'used' | 'void';
}

/**
 * Proving identity on a remote channel: the holder confirms the call from the line on file, by reply
 * or link, so nobody reads a code aloud. The desk shows the answer as soon as it is in.
 */
export function CallConfirmationPanel({
  confirmation,
  errors,
  onAsk,
}: {
  confirmation: CallConfirmation | null;
  errors: FormErrors;
  onAsk: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('console.intake.script')}</p>
      <p className="warning">{t('console.intake.neverAsk')}</p>
      {errors.error('confirmation') && (
        <ErrorMessage id={`${errors.fieldId('confirmation')}-error`}>{errors.error('confirmation')}</ErrorMessage>
      )}
      {confirmation?.status !== 'confirmed' && (
        <button
          type="button"
          className="secondary"
          id={errors.fieldId('confirmation')}
          aria-describedby={errors.error('confirmation') ? `${errors.fieldId('confirmation')}-error` : undefined}
          onClick={onAsk}
        >
          {confirmation ? t('console.intake.askAgain') : t('console.intake.askToConfirm')}
        </button>
      )}
      <p role="status" className={confirmation?.status === 'denied' ? 'warning' : undefined}>
        {confirmation && t(`console.intake.confirmation.${confirmation.status}`, { to: confirmation.sentTo })}
      </p>
    </>
  );
}
