import { roleMay, type Permission } from '../../src/domain/permissions.js';
import { useSession } from '../shared/session';

/**
 * The console shows only what the signed-in role may do, from the same table the API enforces
 * (src/domain/permissions.ts); the API still checks every request.
 */
export function useMay() {
  const { session } = useSession();
  return (permission: Permission) => Boolean(session?.role && roleMay(session.role, permission));
}
