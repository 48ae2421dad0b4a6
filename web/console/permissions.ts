import { roleMay, type Permission } from '../../src/domain/permissions.js';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/session';

/**
 * The console shows only what the signed-in role may do, from the same table the API enforces
 * (src/domain/permissions.ts); the API still checks every request.
 */
export function useMay() {
  const { session } = useSession();
  return (permission: Permission) => Boolean(session?.role && roleMay(session.role, permission));
}

/** A case state's name as staff read it: the console's own word where it has one, else the portal's. */
export function useStateName() {
  const { t } = useTranslation();
  return (state: string) => t(`console.stateName.${state}`, { defaultValue: t(`state.${state}.name`) });
}
