import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One decision: a button that opens its form (its fields, or only a question to confirm), then the
 * button that carries it out and one that steps back. Without children it acts at once. The caller
 * shows the error; the form stays open to correct and send again.
 */
export function Action({
  label,
  danger,
  backLabel,
  children,
  onSubmit,
}: {
  label: string;
  danger?: boolean;
  /** The step-back button's words, where "Cancel" would be ambiguous (cancelling a run, say). */
  backLabel?: string;
  children?: ReactNode;
  onSubmit: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!open && children) {
    return (
      <button type="button" className={danger ? 'secondary danger' : 'secondary'} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    try {
      await onSubmit();
      setOpen(false);
    } catch {
      // The page shows the error; the form stays open to correct and send again.
    } finally {
      setBusy(false);
    }
  };
  if (!children) {
    return (
      <button type="button" className="primary" disabled={busy} onClick={() => void submit()}>
        {label}
      </button>
    );
  }
  return (
    <form className="panel" onSubmit={submit}>
      {children}
      <div className="actions">
        <button type="submit" className={danger ? 'primary danger' : 'primary'} disabled={busy}>
          {label}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {backLabel ?? t('console.case.cancel')}
        </button>
      </div>
    </form>
  );
}
