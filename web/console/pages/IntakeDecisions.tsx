import { useTranslation } from 'react-i18next';
import { languages } from '../../i18n';
import { DateField, noDateParts, type DateEntry, type DateParts } from '../../shared/DateField';
import { formatMoney } from '../../shared/format';
import type { FormErrors } from '../../shared/form-errors';
import { Field, TextField } from '../../shared/ui';
import { ChecklistSummary } from '../ChecklistSummary';
import type { LineLookup } from '../types';

/** What the holder decides at the desk, as the agent records it. */
export interface IntakeChoices {
  acceptCharge: boolean;
  balance: 'transfer' | 'refund' | 'forfeit' | '';
  transferTo: string;
  acknowledged: string[];
  endParts: DateParts;
  /** The language the holder asks for their messages in; null until the agent changes it. */
  holderLanguage: string | null;
  override: boolean;
  overrideNote: string;
}

export const noChoices: IntakeChoices = {
  acceptCharge: false,
  balance: '',
  transferTo: '',
  acknowledged: [],
  endParts: noDateParts,
  holderLanguage: null,
  override: false,
  overrideNote: '',
};

/**
 * The holder's decisions on the checklist: the early-exit charge when the end date comes before the
 * minimum term ends, what happens to the balance, the bound services, the end date, the language of
 * their messages, and the agent's override with its note.
 */
export function IntakeDecisions({
  data,
  errors,
  locale,
  etc,
  endEntry,
  choices,
  onChoices,
}: {
  data: LineLookup;
  errors: FormErrors;
  locale: string;
  /** The early termination charge the chosen end date brings, if any. */
  etc: { amountMinor: number; currency: string } | null;
  endEntry: DateEntry;
  choices: IntakeChoices;
  onChoices: (change: Partial<IntakeChoices>) => void;
}) {
  const { t } = useTranslation();
  const items = data.checklist.items;
  const balanceItem = items.find((i) => i.kind === 'balance');
  const services = items.filter((i) => i.kind === 'bound_service');
  const { balance, acknowledged, override } = choices;
  return (
    <section className="panel" aria-labelledby="decide-title">
      <h2 id="decide-title">{t('console.intake.decisions')}</h2>
      <ChecklistSummary items={items} market={data.line.market} />
      {etc && (
        <div className="choice">
          <input
            type="checkbox"
            id="accept-etc"
            checked={choices.acceptCharge}
            onChange={(e) => onChoices({ acceptCharge: e.target.checked })}
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
                onChange={() => onChoices({ balance: option })}
              />
              <label htmlFor={`balance-${option}`}>{t(`checklist.balance.${option}`)}</label>
            </div>
          ))}
          {balance === 'transfer' && (
            <TextField
              label={t('checklist.balance.transferTo')}
              hint={t('console.intake.transferToHint')}
              error={errors.error('transferTo')}
              id={errors.fieldId('transferTo')}
              type="tel"
              value={choices.transferTo}
              onChange={(value) => onChoices({ transferTo: value })}
            />
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
                  onChoices({
                    acknowledged: e.target.checked
                      ? [...acknowledged, service.serviceId]
                      : acknowledged.filter((s) => s !== service.serviceId),
                  })
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
        value={choices.endParts}
        onChange={(value) => onChoices({ endParts: value })}
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
            value={choices.holderLanguage ?? data.language.current}
            onChange={(e) => onChoices({ holderLanguage: e.target.value })}
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
        <input
          type="checkbox"
          id="override"
          checked={override}
          onChange={(e) => onChoices({ override: e.target.checked })}
        />
        <label htmlFor="override">{t('console.intake.override')}</label>
      </div>
      {override && (
        <Field label={t('console.intake.overrideNote')}>
          {({ id }) => (
            <textarea
              id={id}
              rows={2}
              value={choices.overrideNote}
              onChange={(e) => onChoices({ overrideNote: e.target.value })}
            />
          )}
        </Field>
      )}
    </section>
  );
}
