import type { Insertable } from 'kysely';
import type { Tx } from '../database.js';
import type { SwitchingCodesTable } from '../schema.js';

/** The PACs and STACs issued to lines texting for them (switching_codes; services/sms-keywords.service.ts). */
export type NewSwitchingCode = Insertable<SwitchingCodesTable>;

export async function insertSwitchingCode(tx: Tx, values: NewSwitchingCode): Promise<void> {
  await tx.insertInto('switching_codes').values(values).execute();
}
