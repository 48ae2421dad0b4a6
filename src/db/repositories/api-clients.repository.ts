import { prepared, type Db, type Tx } from '../database.js';

/** Adds an OAuth client unless its id is taken. @returns whether it was added. */
export async function insertApiClientUnlessTaken(
  db: Db | Tx,
  client: { id: string; name: string; secretHash: string; scopes: readonly string[]; createdAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('api_clients')
    .values({
      id: client.id,
      name: client.name,
      secret_hash: client.secretHash,
      scopes: JSON.stringify(client.scopes),
      created_at: client.createdAt,
      disabled_at: null,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The enabled client with this id, with its secret's hash and scopes. */
export async function findEnabledApiClient(
  db: Db | Tx,
  id: string,
): Promise<{ id: string; secret_hash: string; scopes: string[] } | undefined> {
  return db
    .selectFrom('api_clients')
    .select(['id', 'secret_hash', 'scopes'])
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function insertApiToken(
  db: Db | Tx,
  token: { tokenHash: string; clientId: string; scopes: readonly string[]; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      token_hash: token.tokenHash,
      client_id: token.clientId,
      scopes: JSON.stringify(token.scopes),
      created_at: token.createdAt,
      expires_at: token.expiresAt,
    })
    .execute();
}

/**
 * The token with this hash (live or not). Every call made with a client token reads it, so it runs
 * as a prepared statement (and so names its columns).
 */
export async function findApiToken(
  db: Db | Tx,
  tokenHash: string,
): Promise<{ client_id: string; scopes: string[]; expires_at: Date } | undefined> {
  return db
    .selectFrom('api_tokens')
    .select(['client_id', 'scopes', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .modifyEnd(prepared)
    .executeTakeFirst();
}

/** Every enabled client with its secret's hash. */
export async function enabledApiClients(db: Db | Tx): Promise<{ id: string; secret_hash: string }[]> {
  return db.selectFrom('api_clients').select(['id', 'secret_hash']).where('disabled_at', 'is', null).execute();
}

/** Disables the enabled clients among `ids` (a non-empty list). @returns the ids disabled now. */
export async function disableApiClients(tx: Tx, ids: readonly string[], at: Date): Promise<{ id: string }[]> {
  return tx
    .updateTable('api_clients')
    .set({ disabled_at: at })
    .where('disabled_at', 'is', null)
    .where('id', 'in', ids)
    .returning('id')
    .execute();
}
