import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../database.js';
import type { StaffUsersTable } from '../schema.js';

/** A staff account without its password hash. */
export type StaffUserRow = Omit<Selectable<StaffUsersTable>, 'password_hash'>;

const shownColumns = ['id', 'email', 'name', 'role', 'disabled_at', 'created_at'] as const;

export async function findStaffUser(db: Db | Tx, id: string): Promise<StaffUserRow | undefined> {
  return db.selectFrom('staff_users').select(shownColumns).where('id', '=', id).executeTakeFirst();
}

/** Every staff account, enabled first, then by name. */
export async function allStaffUsers(db: Db | Tx): Promise<StaffUserRow[]> {
  return db
    .selectFrom('staff_users')
    .select(shownColumns)
    .orderBy('disabled_at', (order) => order.asc().nullsFirst())
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The enabled account signing in with `email` (already trimmed and lower-cased), with its password hash. */
export async function findEnabledStaffUserByEmail(
  db: Db | Tx,
  email: string,
): Promise<Pick<Selectable<StaffUsersTable>, 'id' | 'name' | 'role' | 'password_hash'> | undefined> {
  return db
    .selectFrom('staff_users')
    .select(['id', 'name', 'role', 'password_hash'])
    .where('email', '=', email)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

/** The account (enabled or not) holding `email`, if any. */
export async function findStaffUserIdByEmail(db: Db | Tx, email: string): Promise<string | undefined> {
  const row = await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst();
  return row?.id;
}

/**
 * Adds the account unless its e-mail is taken, also by a concurrent insert.
 * @returns the id of the account holding the e-mail, and whether it is the one just added.
 */
export async function insertStaffUserUnlessEmailTaken(
  tx: Tx,
  values: Insertable<StaffUsersTable>,
): Promise<{ id: string; created: boolean }> {
  const inserted = await tx
    .insertInto('staff_users')
    .values(values)
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const winner = await tx
    .selectFrom('staff_users')
    .select('id')
    .where('email', '=', values.email)
    .executeTakeFirstOrThrow();
  return { id: winner.id, created: false };
}

/** Locks every enabled admin account, always in id order, so two role changes queue rather than deadlock. */
export async function lockActiveAdminIds(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectFrom('staff_users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

export async function lockStaffUser(
  tx: Tx,
  id: string,
): Promise<Pick<StaffUserRow, 'id' | 'role' | 'disabled_at'> | undefined> {
  return tx
    .selectFrom('staff_users')
    .select(['id', 'role', 'disabled_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Sets an account's role and when it was disabled (null: enabled). */
export async function setStaffUserAccess(
  tx: Tx,
  id: string,
  access: { role: string; disabledAt: Date | null },
): Promise<void> {
  await tx
    .updateTable('staff_users')
    .set({ role: access.role, disabled_at: access.disabledAt })
    .where('id', '=', id)
    .execute();
}

/** The enabled accounts among `emails` (a non-empty list), with their password hashes. */
export async function enabledStaffUsersWithEmails(
  db: Db | Tx,
  emails: readonly string[],
): Promise<{ email: string; password_hash: string }[]> {
  return db
    .selectFrom('staff_users')
    .select(['email', 'password_hash'])
    .where('disabled_at', 'is', null)
    .where('email', 'in', emails)
    .execute();
}

/** Disables the enabled accounts among `emails` (a non-empty list). @returns the ids disabled now. */
export async function disableStaffUsersWithEmails(
  tx: Tx,
  emails: readonly string[],
  at: Date,
): Promise<{ id: string }[]> {
  return tx
    .updateTable('staff_users')
    .set({ disabled_at: at })
    .where('disabled_at', 'is', null)
    .where('email', 'in', emails)
    .returning('id')
    .execute();
}
