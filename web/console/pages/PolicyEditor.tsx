import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { editablePolicyFields } from '../../../src/domain/policy/editing.js';
import { api, type ApiError } from '../../shared/api';
import { formatInstant, localeFor } from '../../shared/format';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { Loading, TextField } from '../../shared/ui';

/** A market's policy as the admin API answers it, with each editable field's allowed range. */
export interface PolicyEntry {
  market: string;
  version: number;
  policy: {
    coolingOffHours: number;
    reviewSlaWorkingDays: number;
    agingDays: number;
    cardReturn: { deadlineDays: number; mailingFeeMinor: number };
    balance: { minimumRefundMinor: number; refundFeeMinor: number };
  };
  limits: Record<string, { min: number; max: number; source: string }>;
}

interface Version {
  version: number;
  changedBy: { id: string; name: string } | null;
  changedAt: string | null;
  approvedBy: { id: string; name: string } | null;
  note: string | null;
  changedFields: string[];
}

/** A change that weakens a safeguard, waiting for a second admin. */
interface Proposal {
  id: string;
  note: string;
  proposedBy: { id: string; name: string };
  proposedAt: string;
  weakened: { field: string; effect: string; from: unknown; to: unknown }[];
  stale: boolean;
}

/** The numeric fields of the policy editor; the signal lists stay as shipped in this form. */
const numericFields = editablePolicyFields.filter((field) => !field.startsWith('risk.'));

const read = (policy: PolicyEntry['policy'], field: string): number =>
  field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], policy) as number;

/** The changes object the API takes, from the fields that differ from the current version. */
function changesFrom(policy: PolicyEntry['policy'], values: Record<string, string>) {
  const changes: Record<string, unknown> = {};
  for (const field of numericFields) {
    const value = Number(values[field]);
    if (values[field] === undefined || values[field] === '' || value === read(policy, field)) continue;
    const [head, tail] = field.split('.') as [string, string | undefined];
    if (tail) changes[head] = { ...((changes[head] as object) ?? {}), [tail]: value };
    else changes[head] = value;
  }
  return changes;
}

/** One market's policy: the form that changes it, the changes waiting for a second admin, its versions. */
export function PolicyEditor({ entry, onSaved }: { entry: PolicyEntry; onSaved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const errors = useFormErrors();
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [saved, setSaved] = useState<'applied' | 'pending' | null>(null);

  const loadVersions = useCallback(async () => {
    const [history, waiting] = await Promise.all([
      api<{ versions: Version[] }>('GET', `/v1/admin/policies/${entry.market}/versions`),
      api<{ proposals: Proposal[] }>('GET', `/v1/admin/policies/${entry.market}/proposals`),
    ]);
    setVersions(history.versions);
    setProposals(waiting.proposals);
  }, [entry.market]);

  const decide = async (proposal: Proposal, action: 'approve' | 'reject') => {
    errors.clear();
    setSaved(null);
    try {
      await api('POST', `/v1/admin/policies/${entry.market}/proposals/${proposal.id}/${action}`, {});
      await onSaved();
      await loadVersions();
    } catch (caught) {
      errors.fail(caught as ApiError);
    }
  };
  useEffect(() => {
    void loadVersions().catch((caught: ApiError) => errors.fail(caught));
  }, [loadVersions]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    setSaved(null);
    try {
      const answer = await api<{ proposal?: Proposal }>('PUT', `/v1/admin/policies/${entry.market}`, {
        changes: changesFrom(entry.policy, values),
        note: note.trim(),
        expectedVersion: entry.version,
      });
      setValues({});
      setNote('');
      setSaved(answer.proposal ? 'pending' : 'applied');
      await onSaved();
      await loadVersions();
    } catch (caught) {
      // A value out of its range is the field's (`changes.<field>`); the rest is the form's.
      errors.fail(caught as ApiError, (refusal) => {
        const field = refusedField(refusal)?.replace(/^changes\./, '') ?? null;
        return field === 'note' || numericFields.some((known) => known === field) ? field : null;
      });
    }
  };

  return (
    <section className="panel" aria-labelledby={`policy-${entry.market}`}>
      <h2 id={`policy-${entry.market}`}>
        {t('console.admin.policyFor', { market: t(`market.${entry.market}`), version: entry.version })}
      </h2>
      <ErrorSummary errors={errors} />
      {saved && (
        <p className="success" role="status">
          {saved === 'pending' ? t('console.admin.pending') : t('console.admin.saved')}
        </p>
      )}
      <form onSubmit={save}>
        {numericFields.map((field) => {
          const limit = entry.limits[field];
          return (
            <TextField
              key={field}
              label={t(`console.admin.field.${field}`)}
              hint={
                limit ? t('console.admin.range', { min: limit.min, max: limit.max, source: limit.source }) : undefined
              }
              error={errors.error(field)}
              id={errors.fieldId(field)}
              name={field}
              type="number"
              className="short"
              min={limit?.min}
              max={limit?.max}
              value={values[field] ?? String(read(entry.policy, field))}
              onChange={(value) => setValues((was) => ({ ...was, [field]: value }))}
            />
          );
        })}
        <TextField
          label={t('console.admin.note')}
          hint={t('console.admin.noteHint')}
          error={errors.error('note')}
          id={errors.fieldId('note')}
          name="note"
          value={note}
          onChange={setNote}
        />
        <button type="submit" className="primary">
          {t('console.admin.save')}
        </button>
      </form>
      <h3>{t('console.admin.proposals')}</h3>
      {!proposals ? (
        <Loading />
      ) : proposals.length === 0 ? (
        <p>{t('console.admin.noProposals')}</p>
      ) : (
        <ul className="timeline">
          {proposals.map((proposal) => (
            <li key={proposal.id}>
              {t('console.admin.proposedBy', {
                name: proposal.proposedBy.name,
                at: formatInstant(proposal.proposedAt, localeFor(i18n.language, undefined)),
              })}
              <ul>
                {proposal.weakened.map((w) => (
                  <li key={w.field}>
                    {t(`console.admin.field.${w.field}`, { defaultValue: w.field })}: {JSON.stringify(w.from)} →{' '}
                    {JSON.stringify(w.to)} ({w.effect})
                  </li>
                ))}
              </ul>
              <p className="body">{proposal.note}</p>
              {proposal.stale && <p className="notice">{t('console.admin.stale')}</p>}
              <button type="button" className="primary" onClick={() => void decide(proposal, 'approve')}>
                {t('console.admin.approve')}
              </button>{' '}
              <button type="button" className="secondary" onClick={() => void decide(proposal, 'reject')}>
                {t('console.admin.reject')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('console.admin.history')}</h3>
      {!versions ? (
        <Loading />
      ) : (
        <ol className="timeline" reversed>
          {[...versions].reverse().map((v) => (
            <li key={v.version}>
              <strong>v{v.version}</strong> ·{' '}
              {v.changedBy
                ? t('console.admin.changedBy', {
                    name: v.changedBy.name,
                    at: v.changedAt ? formatInstant(v.changedAt, localeFor(i18n.language, undefined)) : '',
                  })
                : t('console.admin.shipped')}
              {v.approvedBy && <> · {t('console.admin.approvedBy', { name: v.approvedBy.name })}</>}
              {v.changedFields.length > 0 && (
                <> · {v.changedFields.map((f) => t(`console.admin.field.${f}`, { defaultValue: f })).join(', ')}</>
              )}
              {v.note && <p className="body">{v.note}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
