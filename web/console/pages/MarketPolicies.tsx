import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from '../../shared/router';
import { PolicyEditor, type PolicyEntry } from './PolicyEditor';

/**
 * One market's policy at a time, picked from tabs (the WAI-ARIA tabs pattern: arrow keys, Home and End
 * move between markets, the chosen one is in the URL so a link opens it), instead of four long
 * editors stacked.
 */
export function MarketPolicies({ policies, onSaved }: { policies: PolicyEntry[]; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const { query } = useLocation();
  const wanted = query.get('market');
  const selected = policies.find((entry) => entry.market === wanted) ?? policies[0];
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  if (!selected) return null;
  const choose = (index: number) => {
    const entry = policies[(index + policies.length) % policies.length]!;
    // In the URL without a jump to the top of the page (navigate scrolls, as a new page should).
    window.history.replaceState(null, '', `/console/admin?market=${entry.market}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
    tabs.current[policies.indexOf(entry)]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = policies.indexOf(selected);
    const moves: Record<string, number> = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      Home: 0,
      End: policies.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    choose(moves[event.key]!);
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label={t('console.admin.markets')} onKeyDown={onKeyDown}>
        {policies.map((entry, index) => (
          <button
            key={entry.market}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${entry.market}`}
            aria-selected={entry === selected}
            aria-controls={`panel-${entry.market}`}
            tabIndex={entry === selected ? 0 : -1}
            onClick={() => choose(index)}
          >
            {t(`market.${entry.market}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${selected.market}`} aria-labelledby={`tab-${selected.market}`}>
        <PolicyEditor key={selected.market} entry={selected} onSaved={onSaved} />
      </div>
    </>
  );
}
