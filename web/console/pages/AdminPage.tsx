import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { editablePolicyFields } from '../../../src/domain/policy/editing.js';
import { api, type ApiError } from '../../shared/api';
import { formatInstant, localeFor } from '../../shared/format';
import { useLocation } from '../../shared/router';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { ErrorBox, Field, Loading, PageHeading } from '../../shared/ui';
import { staffRoles } from '../../../src/domain/actors.js';

interface PolicyEntry {
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

interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: string;
  disabledAt: string | null;
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

function PolicyEditor({ entry, onSaved }: { entry: PolicyEntry; onSaved: () => Promise<void> }) {
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
            <Field
              key={field}
              label={t(`console.admin.field.${field}`)}
              hint={
                limit ? t('console.admin.range', { min: limit.min, max: limit.max, source: limit.source }) : undefined
              }
              error={errors.error(field)}
              id={errors.fieldId(field)}
            >
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  name={field}
                  type="number"
                  className="short"
                  min={limit?.min}
                  max={limit?.max}
                  value={values[field] ?? String(read(entry.policy, field))}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(e) => setValues((was) => ({ ...was, [field]: e.target.value }))}
                />
              )}
            </Field>
          );
        })}
        <Field
          label={t('console.admin.note')}
          hint={t('console.admin.noteHint')}
          error={errors.error('note')}
          id={errors.fieldId('note')}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="note"
              value={note}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
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

function StaffUsers() {
  const { t } = useTranslation();
  const [users, setUsers] = useState<StaffUser[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [form, setForm] = useState({ email: '', name: '', role: 'agent', password: '' });
  const addErrors = useFormErrors();
  const load = useCallback(async () => {
    setUsers((await api<{ staffUsers: StaffUser[] }>('GET', '/v1/admin/staff-users')).staffUsers);
  }, []);
  useEffect(() => {
    void load().catch(setError);
  }, [load]);
  const change = async (id: string, body: { role?: string; disabled?: boolean }) => {
    setError(null);
    try {
      await api('PATCH', `/v1/admin/staff-users/${id}`, body);
      await load();
    } catch (caught) {
      setError(caught as ApiError);
    }
  };
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const ready = addErrors.check({
      name: !form.name.trim() && t('console.admin.nameMissing'),
      email: !form.email.trim() && t('console.signIn.emailMissing'),
      password: !form.password && t('console.signIn.passwordMissing'),
    });
    if (!ready) return;
    try {
      await api('POST', '/v1/admin/staff-users', form);
      setForm({ email: '', name: '', role: 'agent', password: '' });
      await load();
    } catch (caught) {
      addErrors.fail(caught as ApiError, (refusal) => {
        const field = refusedField(refusal);
        return field === 'name' || field === 'email' || field === 'password' || field === 'role' ? field : null;
      });
    }
  };
  return (
    <section aria-labelledby="staff-title">
      <h2 id="staff-title">{t('console.admin.staff')}</h2>
      <ErrorBox error={error} />
      {!users ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption>{t('console.admin.staffCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.admin.name')}</th>
                <th scope="col">{t('console.signIn.email')}</th>
                <th scope="col">{t('console.admin.role')}</th>
                <th scope="col">{t('console.field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td data-label={t('console.admin.name')}>{user.name}</td>
                  <td data-label={t('console.signIn.email')}>{user.email}</td>
                  <td data-label={t('console.admin.role')}>
                    <select
                      aria-label={t('console.admin.roleOf', { name: user.name })}
                      value={user.role}
                      onChange={(e) => void change(user.id, { role: e.target.value })}
                    >
                      {staffRoles.map((r) => (
                        <option key={r} value={r}>
                          {t(`console.role.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td data-label={t('console.field.status')}>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void change(user.id, { disabled: !user.disabledAt })}
                    >
                      {user.disabledAt
                        ? t('console.admin.enable', { name: user.name })
                        : t('console.admin.disable', { name: user.name })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('console.admin.add')}</h3>
      <ErrorSummary errors={addErrors} />
      <form onSubmit={add} noValidate>
        <Field label={t('console.admin.name')} error={addErrors.error('name')} id={addErrors.fieldId('name')}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field label={t('console.signIn.email')} error={addErrors.error('email')} id={addErrors.fieldId('email')}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="email"
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field label={t('console.admin.role')} error={addErrors.error('role')} id={addErrors.fieldId('role')}>
          {({ id }) => (
            <select id={id} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
              {staffRoles.map((r) => (
                <option key={r} value={r}>
                  {t(`console.role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('console.admin.password')}
          hint={t('console.admin.passwordHint')}
          error={addErrors.error('password')}
          id={addErrors.fieldId('password')}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="password"
              autoComplete="new-password"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="primary">
          {t('console.admin.addSubmit')}
        </button>
      </form>
    </section>
  );
}

/**
 * One market's policy at a time, picked from tabs (the WAI-ARIA tabs pattern: arrow keys, Home and End
 * move between markets, the chosen one is in the URL so a link opens it), instead of four long
 * editors stacked.
 */
function MarketPolicies({ policies, onSaved }: { policies: PolicyEntry[]; onSaved: () => Promise<void> }) {
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

/** Market policies (versioned, with who changed what and when) and staff accounts. */
export function AdminPage() {
  const { t } = useTranslation();
  const [policies, setPolicies] = useState<PolicyEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(async () => {
    setPolicies((await api<{ policies: PolicyEntry[] }>('GET', '/v1/admin/policies')).policies);
  }, []);
  useEffect(() => {
    void load().catch(setError);
  }, [load]);
  return (
    <>
      <PageHeading title={t('console.admin.title')}>{t('console.admin.title')}</PageHeading>
      <ErrorBox error={error} />
      <h2>{t('console.admin.policies')}</h2>
      {!policies && !error && <Loading />}
      {policies && <MarketPolicies policies={policies} onSaved={load} />}
      <StaffUsers />
    </>
  );
}
