import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from './api';
import { formatDate, formatInstant, localeFor } from './format';
import { useLocation } from './router';
import { ErrorBox } from './ui';
import { HOUR } from '../../src/domain/time.js';

interface DemoPersona {
  key: string;
  description: string;
  market: string;
  name: string;
  email: string;
  dateOfBirth: string;
  idDocument: { type: string; number: string };
  lines: { msisdn: string; iccid: string; status: string }[];
}

interface DemoInfo {
  staff: { password: string; accounts: { email: string; role: string }[] };
  personas: DemoPersona[];
}

interface DemoClock {
  now: string;
  offsetMs: number;
}

/** The steps the control offers: enough for cooling-off (24 h), a review SLA and its escalation, and quarantine. */
const steps = ['1h', '1d', '3d', '1w', '30d', '90d'] as const;

/** Set before the page reloads after a move, so the next page says what happened. */
const FLASH_KEY = 'simexit.demoClockMoved';

/** Where a demo number's or address's messages are shown: the portal's inbox page. */
export function inboxPath(address: string): string {
  return `/inbox/${encodeURIComponent(address)}`;
}

/**
 * The demo banner of both apps, shown only when the demo operator runs (GET /v1/portal/settings):
 * it says this is a demo, lists the personas with what each needs to sign in (number, card serial,
 * ID document for the store check) and links to their inboxes, and moves the demo clock forward so
 * waiting periods, review deadlines and quarantine pass in minutes. After a move the page reloads,
 * so everything on it is read again at the new time.
 */
export function DemoBanner({ staff = false }: { staff?: boolean }) {
  const { t, i18n } = useTranslation();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  // The list folds away again when the visitor moves on to another page.
  useEffect(() => setOpen(false), [path]);
  const [demo, setDemo] = useState(false);
  const [info, setInfo] = useState<DemoInfo | null>(null);
  const [clock, setClock] = useState<DemoClock | null>(null);
  const [step, setStep] = useState<(typeof steps)[number]>('1d');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [flash] = useState(() => {
    const value = window.sessionStorage.getItem(FLASH_KEY);
    window.sessionStorage.removeItem(FLASH_KEY);
    return value;
  });

  useEffect(() => {
    let live = true;
    api<{ demo: boolean }>('GET', '/v1/portal/settings')
      .then(async (settings) => {
        if (!live || !settings.demo) return;
        setDemo(true);
        const [personas, now] = await Promise.all([
          api<DemoInfo>('GET', '/demo/personas'),
          api<DemoClock>('GET', '/demo/clock'),
        ]);
        if (!live) return;
        setInfo(personas);
        setClock(now);
      })
      .catch(() => {
        // No banner rather than a broken one: the apps work without it.
      });
    return () => {
      live = false;
    };
  }, []);

  if (!demo) return null;
  const locale = localeFor(i18n.language, undefined);

  const move = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const moved = await api<DemoClock & { timersFired: number }>('POST', '/demo/clock/advance', { by: step });
      window.sessionStorage.setItem(
        FLASH_KEY,
        t('demo.moved', { step: t(`demo.step.${step}`), count: moved.timersFired }),
      );
      window.location.reload();
    } catch (caught) {
      setError(caught as ApiError);
      setBusy(false);
    }
  };

  const aheadHours = clock ? Math.round(clock.offsetMs / HOUR) : 0;
  return (
    <section className="demo-banner" aria-labelledby="demo-title">
      <div className="demo-bar">
        <h2 id="demo-title">{t('demo.title')}</h2>
        <p>{t('demo.text')}</p>
        {clock && (
          <form className="demo-clock" onSubmit={move}>
            <p>
              {t('demo.time')} <time dateTime={clock.now}>{formatInstant(clock.now, locale)}</time>
              {aheadHours > 0 && <> ({t('demo.ahead', { days: Math.round((aheadHours / 24) * 10) / 10 })})</>}
            </p>
            <label htmlFor="demo-step">{t('demo.moveLabel')}</label>
            <select id="demo-step" value={step} onChange={(e) => setStep(e.target.value as (typeof steps)[number])}>
              {steps.map((value) => (
                <option key={value} value={value}>
                  {t(`demo.step.${value}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary" disabled={busy}>
              {t('demo.move')}
            </button>
          </form>
        )}
      </div>
      {flash && (
        <p className="success" role="status">
          {flash}
        </p>
      )}
      <ErrorBox error={error} />
      {info && (
        <details className="demo-personas" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>{t('demo.personas')}</summary>
          {/* Rendered only while open: the page itself stays the page, for people and for tests. */}
          {open && staff && (
            <>
              <p>{t('demo.staff', { password: info.staff.password })}</p>
              <ul className="demo-staff">
                {info.staff.accounts.map((account) => (
                  <li key={account.email}>
                    <span className="number">{account.email}</span> ({t(`console.role.${account.role}`)})
                  </li>
                ))}
              </ul>
            </>
          )}
          {open && <p>{t('demo.personasHint')}</p>}
          {open && (
            <ul className="demo-people">
              {info.personas.map((persona) => (
                <li key={persona.key}>
                  <h3>
                    {persona.name} · {t(`market.${persona.market}`)}
                  </h3>
                  <p className="demo-description">
                    {t(`demo.about.${persona.key}`, { defaultValue: persona.description })}
                  </p>
                  <dl>
                    {persona.lines.map((line) => (
                      <div key={line.msisdn}>
                        <dt>{t('demo.number')}</dt>
                        <dd className="number">{line.msisdn}</dd>
                        <dt>{t('demo.iccid')}</dt>
                        <dd className="number">{line.iccid}</dd>
                      </div>
                    ))}
                    <div>
                      <dt>
                        {t(`demo.document.${persona.idDocument.type}`, { defaultValue: persona.idDocument.type })}
                      </dt>
                      <dd className="number">{persona.idDocument.number}</dd>
                      <dt>{t('demo.dateOfBirth')}</dt>
                      <dd>{formatDate(persona.dateOfBirth, locale)}</dd>
                    </div>
                  </dl>
                  <p className="demo-inboxes">
                    {persona.lines.map((line) => (
                      <a key={line.msisdn} href={inboxPath(line.msisdn)} target="_blank" rel="noreferrer">
                        {t('demo.smsInbox', { msisdn: line.msisdn })}
                      </a>
                    ))}
                    <a href={inboxPath(persona.email)} target="_blank" rel="noreferrer">
                      {t('demo.emailInbox', { email: persona.email })}
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </section>
  );
}
