import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { ErrorBox, Loading, PageHeading } from '../../shared/ui';
import { MarketPolicies } from './MarketPolicies';
import type { PolicyEntry } from './PolicyEditor';
import { StaffUsers } from './StaffUsers';

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
