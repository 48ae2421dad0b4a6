import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { datePartOrder, type DateEntry, type DatePart, type DateParts } from '../../src/domain/date-input.js';
import { localeFor } from './format';
import { ErrorMessage } from './ui';

export {
  noDateParts,
  datePartsOf,
  readDateParts,
  type DateParts,
  type DateEntry,
} from '../../src/domain/date-input.js';

/**
 * A date entered as day, month and year in three boxes (the GOV.UK date input), in the order the
 * page's language writes dates: 31 3 2027 in English and German, 2027 3 31 in Chinese. The browser's
 * own date picker is not used: it shows the browser's format (mm/dd/yyyy in an English-US Chromium)
 * whatever the page's language. The boxes are read by src/domain/date-input.ts `readDateParts`, and
 * {@link useDateErrorText} words what is wrong with them, so every date field reads and answers alike.
 *
 * `id` is the first box's id, which a form's error summary links to (`useFormErrors().fieldId`).
 */
export function DateField({
  id,
  legend,
  hint,
  error,
  invalidParts,
  value,
  onChange,
  market,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** The boxes the error is about (all three when not given). */
  invalidParts?: DatePart[];
  value: DateParts;
  onChange: (value: DateParts) => void;
  /** The market of the line, when the page has one (US English writes the month first). */
  market?: string;
}) {
  const { t, i18n } = useTranslation();
  const order = datePartOrder(localeFor(i18n.language, market));
  const own = useId();
  const hintId = `${own}-hint`;
  const errorId = error ? `${own}-error` : undefined;
  const example: DateParts = { day: '27', month: '3', year: '2027' };
  const wrong = (part: DatePart) => Boolean(error) && (invalidParts === undefined || invalidParts.includes(part));
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={[hintId, errorId].filter(Boolean).join(' ')}>
        <legend>{legend}</legend>
        <p className="hint" id={hintId}>
          {hint ? <>{hint} </> : null}
          {t('date.example', { example: order.map((part) => example[part]).join(' ') })}
        </p>
        {error && errorId && <ErrorMessage id={errorId}>{error}</ErrorMessage>}
        <div className="date-parts">
          {order.map((part, index) => {
            const partId = index === 0 ? id : `${id}-${part}`;
            return (
              <div className="date-part" key={part}>
                <label htmlFor={partId}>{t(`date.${part}`)}</label>
                <input
                  id={partId}
                  name={`${id}-${part}`}
                  className={part === 'year' ? 'date-year' : undefined}
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={part === 'year' ? 4 : 2}
                  value={value[part]}
                  onChange={(event) => onChange({ ...value, [part]: event.target.value })}
                  aria-invalid={wrong(part) || undefined}
                />
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/**
 * What is wrong with a date entry, in the page's language, naming the field (`label`, as the legend
 * reads); `whenEmpty` for a date that must be given; null when the entry is a date (or may be empty).
 */
export function useDateErrorText() {
  const { t } = useTranslation();
  return (entry: DateEntry, label: string, whenEmpty: string | null = null): string | null => {
    if (entry.kind === 'date') return null;
    if (entry.kind === 'empty') return whenEmpty;
    switch (entry.reason) {
      case 'missing':
        return t('date.missing', {
          label,
          parts: entry.parts.map((part) => t(`date.${part}Word`)).join(t('date.and')),
        });
      case 'year_digits':
        return t('date.yearDigits', { label });
      default:
        return t('date.notReal', { label });
    }
  };
}
