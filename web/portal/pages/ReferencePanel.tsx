import { useTranslation } from 'react-i18next';

/**
 * The case reference in a panel of its own, on the receipt and the case page: what the holder quotes on
 * the phone, in a letter or in a store. The reference is the panel's only `.reference` text.
 */
export function ReferencePanel({ reference, msisdn }: { reference: string; msisdn?: string }) {
  const { t } = useTranslation();
  return (
    <section className="reference-panel" aria-labelledby="reference-label">
      <h2 id="reference-label" className="reference-label">
        {t('reference.label')}
      </h2>
      <p className="reference">{reference}</p>
      {msisdn && (
        <p className="reference-line">
          {t('reference.line')} <span className="number">{msisdn}</span>
        </p>
      )}
      <p className="hint">{t('reference.hint')}</p>
    </section>
  );
}
