import { useTranslation } from 'react-i18next';
import { formatDate, formatInstant } from '../../shared/format';
import type { NextStep } from '../types';

/** Steps that happen at a time of day (a timer) show it; the line's end and the number's release are days. */
const timed = new Set<NextStep['kind']>(['cooling_off_end', 'review_due', 'answer_due', 'card_return_deadline']);

/**
 * The dated steps ahead of a case, as the API computed them (src/domain/next-steps.ts): each with its
 * date in the locale's style, a forecast marked as one. Only the steps that still apply are listed;
 * a case with none (withdrawn, rejected) shows nothing.
 */
export function NextSteps({
  steps,
  locale,
  timeZone,
  id = 'next-steps',
}: {
  steps: NextStep[];
  locale: string;
  timeZone: string;
  id?: string;
}) {
  const { t } = useTranslation();
  if (steps.length === 0) return null;
  const when = (step: NextStep) =>
    step.at && timed.has(step.kind) ? formatInstant(step.at, locale, timeZone) : formatDate(step.date ?? '', locale);
  return (
    <ol className="next-steps" id={id}>
      {steps.map((step) => {
        const variant = step.afterEarlierSteps ? 'afterEarlierSteps' : step.status;
        return (
          <li key={step.kind} className={`next-step next-step-${step.status}`} data-step={step.kind}>
            <span className="next-step-label">
              {t(step.status === 'done' ? `next.${step.kind}.doneLabel` : `next.${step.kind}.label`)}
            </span>{' '}
            <span className="next-step-when">
              {t(`next.${step.kind}.${variant}`, {
                when: step.withinDays === null ? when(step) : '',
                days: step.withinDays ?? 0,
              })}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
