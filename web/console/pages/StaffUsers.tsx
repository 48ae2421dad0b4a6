import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { staffRoles } from '../../../src/domain/actors.js';
import { api, type ApiError } from '../../shared/api';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { ErrorBox, Field, Loading, TextField } from '../../shared/ui';

interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: string;
  disabledAt: string | null;
}
/** The staff accounts: each one's role and whether it is disabled, and the form that adds one. */
export function StaffUsers() {
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
        <TextField
          label={t('console.admin.name')}
          error={addErrors.error('name')}
          id={addErrors.fieldId('name')}
          value={form.name}
          onChange={(name) => setForm({ ...form, name })}
        />
        <TextField
          label={t('console.signIn.email')}
          error={addErrors.error('email')}
          id={addErrors.fieldId('email')}
          type="email"
          value={form.email}
          onChange={(email) => setForm({ ...form, email })}
        />
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
        <TextField
          label={t('console.admin.password')}
          hint={t('console.admin.passwordHint')}
          error={addErrors.error('password')}
          id={addErrors.fieldId('password')}
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={(password) => setForm({ ...form, password })}
        />
        <button type="submit" className="primary">
          {t('console.admin.addSubmit')}
        </button>
      </form>
    </section>
  );
}
