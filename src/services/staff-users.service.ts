import argon2 from 'argon2';
import { knownDemoSecrets } from '../config.js';
import type { Db, Tx } from '../db/database.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import { revokeStaffSessions } from '../db/repositories/sessions.repository.js';
import {
  allStaffUsers,
  findStaffUser,
  findStaffUserIdByEmail,
  insertStaffUserUnlessEmailTaken,
  lockActiveAdminIds,
  lockStaffUser,
  setStaffUserAccess,
  type StaffUserRow,
} from '../db/repositories/staff-users.repository.js';
import { SimexitError } from '../domain/errors.js';
import type { StaffRole } from '../domain/actors.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';

/** A staff account as the console shows it: never the password hash. */
export interface StaffUserView {
  id: string;
  email: string;
  name: string;
  role: string;
  disabledAt: Date | null;
  createdAt: Date;
}

type StaffActor = Extract<Actor, { kind: 'staff' }>;

function staffUserView(row: StaffUserRow): StaffUserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabledAt: row.disabled_at ? new Date(row.disabled_at) : null,
    createdAt: new Date(row.created_at),
  };
}

async function loadUser(executor: Db | Tx, id: string): Promise<StaffUserView | null> {
  const row = await findStaffUser(executor, id);
  return row ? staffUserView(row) : null;
}

/**
 * Adds a staff account unless the e-mail is taken (e-mails are compared trimmed and lower-cased, as at
 * sign-in). With `createdBy`, the account and its audit entry commit together; the demo seed passes none.
 * The password is hashed before the transaction opens: argon2 is deliberately slow, and PGlite's single
 * connection would be held for it.
 */
export async function createStaffUser(
  context: ServiceContext,
  input: { email: string; name: string; role: StaffRole; password: string },
  createdBy: Actor | null = null,
): Promise<{ id: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const existing = await findStaffUserIdByEmail(context.db, email);
  if (existing) return { id: existing, created: false };
  const id = crypto.randomUUID();
  const passwordHash = await argon2.hash(input.password);
  return inTransaction(context, async (tx) => {
    const now = context.clock.now();
    const added = await insertStaffUserUnlessEmailTaken(tx, {
      id,
      email,
      name: input.name,
      role: input.role,
      password_hash: passwordHash,
      created_at: now,
      disabled_at: null,
    });
    if (!added.created) return added;
    if (createdBy) {
      await insertAudit(tx, {
        subscriberId: null,
        actorKind: createdBy.kind,
        actorId: createdBy.id,
        action: 'staff.created',
        target: `staff:${id}`,
        data: { email, name: input.name, role: input.role },
        at: now,
      });
    }
    return added;
  });
}

/** Every staff account, enabled first, then by name. */
export async function listStaffUsers(context: ServiceContext): Promise<StaffUserView[]> {
  return (await allStaffUsers(context.db)).map(staffUserView);
}

/** Adds an account; an e-mail already in use (enabled or not) is a conflict, never a silent reuse. */
export async function addStaffUser(
  context: ServiceContext,
  actor: StaffActor,
  input: { email: string; name: string; role: StaffRole; password: string },
): Promise<StaffUserView> {
  if (!context.config.demoEnabled && knownDemoSecrets.includes(input.password.trim().toLowerCase()))
    throw new SimexitError(
      'VALIDATION_FAILED',
      'This password is published in simexit’s documentation; choose another.',
      {
        field: 'password',
      },
    );
  const { id, created } = await createStaffUser(context, input, actor);
  if (!created) {
    throw new SimexitError('STAFF_EMAIL_TAKEN', 'A staff account with this e-mail already exists.', {
      field: 'email',
    });
  }
  const user = await loadUser(context.db, id);
  if (!user) throw new SimexitError('INTERNAL', 'The new staff account could not be read back.');
  return user;
}

/**
 * Changes an account's role or disables/enables it. An admin may not demote or disable themselves: the
 * last admin doing so would leave nobody able to undo it, and a mistaken click on one's own row is
 * the likely way that happens. Disabling revokes every live session in the same transaction, so the
 * person is signed out at once rather than when their session expires.
 */
export async function updateStaffUser(
  context: ServiceContext,
  actor: StaffActor,
  id: string,
  change: { role?: StaffRole | undefined; disabled?: boolean | undefined },
): Promise<StaffUserView> {
  return inTransaction(context, async (tx) => {
    // Two admins demoting each other at once could each leave the other as "another admin" and end
    // with none: every active admin row is locked first (always in the same order, so two such
    // changes queue rather than deadlock), then a change that would remove the last one is refused.
    const adminIds = await lockActiveAdminIds(tx);
    const current = await lockStaffUser(tx, id);
    if (!current) throw new SimexitError('NOT_FOUND', 'There is no staff account with this id.');
    if (id === actor.id && ((change.role !== undefined && change.role !== current.role) || change.disabled === true)) {
      throw new SimexitError(
        'OWN_ACCOUNT_CHANGE',
        'You cannot demote or disable your own account. Ask another admin to do it.',
        { field: change.disabled === true ? 'disabled' : 'role' },
      );
    }
    const losesAdmin =
      current.role === 'admin' &&
      current.disabled_at === null &&
      ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin) {
      if (adminIds.filter((adminId) => adminId !== id).length === 0) {
        throw new SimexitError(
          'OWN_ACCOUNT_CHANGE',
          'This is the last active admin; make someone else an admin first.',
          {
            field: change.disabled === true ? 'disabled' : 'role',
          },
        );
      }
    }
    const now = context.clock.now();
    const wasDisabled = current.disabled_at !== null;
    const disabledAt =
      change.disabled === undefined ? current.disabled_at : change.disabled ? (current.disabled_at ?? now) : null;
    const role = change.role ?? current.role;
    await setStaffUserAccess(tx, id, { role, disabledAt });
    const revokedSessions = change.disabled === true ? await revokeStaffSessions(tx, id, now) : 0;
    await insertAudit(tx, {
      subscriberId: null,
      actorKind: 'staff',
      actorId: actor.id,
      action: 'staff.updated',
      target: `staff:${id}`,
      data: {
        before: { role: current.role, disabled: wasDisabled },
        after: { role, disabled: disabledAt !== null },
        revokedSessions,
      },
      at: now,
    });
    const user = await loadUser(tx, id);
    if (!user) throw new SimexitError('INTERNAL', 'The staff account could not be read back.');
    return user;
  });
}
