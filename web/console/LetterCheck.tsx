import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectionReason } from '../../src/domain/rejection-reasons.js';
import { Field } from '../shared/ui';
import { RejectionFields } from './RejectionFields';
import { letterMismatchOutcomes } from '../../src/domain/evidence.js';

/** What the clerk decides for a letter that contradicts the account (src/domain/evidence.ts). */
export type MismatchChoice =
  | { outcome: 'review'; note: string }
  | { outcome: 'ask_holder'; question: string }
  | { outcome: 'reject'; reason: RejectionReason; note: string };

/** The body's `onMismatch` for a choice (blank notes left out). */
export function mismatchDecision(choice: MismatchChoice) {
  switch (choice.outcome) {
    case 'review':
      return { outcome: 'review', note: choice.note.trim() || null };
    case 'ask_holder':
      return { outcome: 'ask_holder', question: choice.question.trim() };
    case 'reject':
      return { outcome: 'reject', reason: choice.reason, note: choice.note.trim() || null };
  }
}

/** One factor the letter gives that the records contradict, with both sides where the desk may show them. */
export interface MismatchedFactor {
  factor: string;
  letter: string;
  /** The account record's value; null where the desk does not show it (date of birth, account number, card). */
  record: string | null;
}

/**
 * The check step before a clerk files a letter that contradicts the account: what did not match, and
 * the three ways on (a reviewer decides, the holder is asked, or it is rejected with a reason). The
 * server refuses to file such a letter without one of them (409 LETTER_MISMATCH) and records the choice.
 */
export function LetterCheck({
  mismatched,
  choice,
  onChoice,
  onBack,
  busy,
}: {
  mismatched: MismatchedFactor[];
  choice: MismatchChoice | null;
  onChoice: (choice: MismatchChoice) => void;
  onBack: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const pick = (outcome: MismatchChoice['outcome']) => {
    if (outcome === 'review') onChoice({ outcome, note: '' });
    else if (outcome === 'ask_holder') onChoice({ outcome, question: '' });
    else onChoice({ outcome, reason: 'identity_mismatch', note: '' });
  };
  return (
    <section className="panel letter-check" aria-labelledby="check-title">
      <h2 id="check-title" ref={heading} tabIndex={-1}>
        {t('console.letterCheck.title')}
      </h2>
      <p>{t('console.letterCheck.intro')}</p>
      <div className="table-wrap">
        <table className="narrow-cells">
          <caption>{t('console.letterCheck.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.letterCheck.factor')}</th>
              <th scope="col">{t('console.letterCheck.inLetter')}</th>
              <th scope="col">{t('console.letterCheck.onFile')}</th>
            </tr>
          </thead>
          <tbody>
            {mismatched.map((m) => (
              <tr key={m.factor}>
                <th scope="row">{t(`console.letterCheck.factorName.${m.factor}`)}</th>
                <td>{m.letter}</td>
                <td>{m.record ?? t('console.letterCheck.notShown')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset>
        <legend>{t('console.letterCheck.legend')}</legend>
        {letterMismatchOutcomes.map((outcome) => (
          <div className="choice" key={outcome}>
            <input
              type="radio"
              name="mismatch-outcome"
              id={`outcome-${outcome}`}
              checked={choice?.outcome === outcome}
              aria-describedby={`outcome-${outcome}-hint`}
              onChange={() => pick(outcome)}
            />
            <label htmlFor={`outcome-${outcome}`}>{t(`console.letterCheck.outcome.${outcome}`)}</label>
            <p className="hint" id={`outcome-${outcome}-hint`}>
              {t(`console.letterCheck.outcomeHint.${outcome}`)}
            </p>
          </div>
        ))}
      </fieldset>
      {choice?.outcome === 'review' && (
        <Field label={t('console.letterCheck.reviewNote')}>
          {({ id }) => (
            <textarea
              id={id}
              rows={2}
              value={choice.note}
              onChange={(e) => onChoice({ ...choice, note: e.target.value })}
            />
          )}
        </Field>
      )}
      {choice?.outcome === 'ask_holder' && (
        <Field label={t('console.letterCheck.question')} hint={t('console.letterCheck.questionHint')}>
          {({ id, describedBy }) => (
            <textarea
              id={id}
              rows={3}
              required
              aria-describedby={describedBy}
              value={choice.question}
              onChange={(e) => onChoice({ ...choice, question: e.target.value })}
            />
          )}
        </Field>
      )}
      {choice?.outcome === 'reject' && (
        <RejectionFields
          reason={choice.reason}
          note={choice.note}
          onReason={(reason) => onChoice({ ...choice, reason })}
          onNote={(note) => onChoice({ ...choice, note })}
          noteHint={t('console.letterCheck.rejectHint')}
        />
      )}
      <div className="actions">
        <button type="submit" className={choice?.outcome === 'reject' ? 'primary danger' : 'primary'} disabled={busy}>
          {choice ? t(`console.letterCheck.submit.${choice.outcome}`) : t('console.letterCheck.submitChoose')}
        </button>
        <button type="button" className="secondary" onClick={onBack}>
          {t('console.letterCheck.back')}
        </button>
      </div>
    </section>
  );
}
