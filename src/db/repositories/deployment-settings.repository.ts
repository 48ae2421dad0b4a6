import type { Db, Tx } from '../database.js';

/** Values every process of a deployment shares, by key (deployment_settings, migration 0025). */

export async function saveDeploymentSetting(db: Db | Tx, key: string, value: string, at: Date): Promise<void> {
  await db
    .insertInto('deployment_settings')
    .values({ key, value, updated_at: at })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

export async function findDeploymentSetting(db: Db | Tx, key: string): Promise<string | null> {
  const row = await db.selectFrom('deployment_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

/**
 * Keeps `value` under `key` unless a value is there already (another process got there first).
 * @returns whether this call stored it.
 */
export async function insertDeploymentSettingUnlessSet(
  db: Db | Tx,
  key: string,
  value: string,
  at: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto('deployment_settings')
    .values({ key, value, updated_at: at })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}
