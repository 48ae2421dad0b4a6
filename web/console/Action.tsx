import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One decision: a button that opens its form (its fields, or only a question to confirm), then the
 * button that carries it out and one that steps back. Without children it acts at once (only for what
 * can be undone: anything irreversible asks first). The caller shows the error; the form stays open to
 * correct and send again.
 */
export function Action({
  label,
  danger,
  confirmLabel,
  backLabel,
  children,
  onSubmit,
}: {
  label: string;
  danger?: boolean;
  /** The words of the button that carries the action out, where they should differ from the opening one's. */
  confirmLabel?: string;
  /** The step-back button's words, where "Cancel" would be ambiguous (cancelling a run, say). */
  backLabel?: string;
  children?: ReactNode;
  onSubmit: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // The opening button is gone once the form shows: focus goes to its first field, else its action.
  useEffect(() => {
    if (open) form.current?.querySelector<HTMLElement>('input, select, textarea, button[type="submit"]')?.focus();
  }, [open]);
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
    <form className="panel" ref={form} onSubmit={submit}>
      {children}
      <div className="actions">
        <button type="submit" className={danger ? 'primary danger' : 'primary'} disabled={busy}>
          {confirmLabel ?? label}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {backLabel ?? t('console.case.cancel')}
        </button>
      </div>
    </form>
  );
}
