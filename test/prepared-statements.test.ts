import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, prepared, type Database } from '../src/db/database.js';
import { createTestDatabase, fileOnline, startHarness } from './support/harness.js';

// The statements simexit marks PREPARED (the case-changes write, the filing guards) are parsed and
// planned once per connection, on both engines; the rest run unnamed as before.
let database: Database;
let drop = async () => {};

before(async () => {
  if (process.env.DATABASE_URL) {
    const created = await createTestDatabase(process.env.DATABASE_URL);
    drop = created.drop;
    database = await openDatabase({ databaseUrl: created.url, dataDir: 'memory://', poolSize: 1 });
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
});

after(async () => {
  await database.close();
  await drop();
});

/** The named statements the (single) connection holds, and their texts. */
async function preparedOnConnection(): Promise<{ name: string; statement: string }[]> {
  const { rows } = await sql<{ name: string; statement: string }>`
    select name, statement from pg_prepared_statements order by name`.execute(database.db);
  return rows;
}

test('a marked statement is prepared once on its connection and answers every call', async () => {
  const add = (n: number) => sql<{ sum: number }>`select ${n}::int + 1 as sum${prepared}`.execute(database.db);
  const answers = [];
  for (let n = 0; n < 5; n++) answers.push((await add(n)).rows[0]!.sum);
  assert.deepEqual(answers, [1, 2, 3, 4, 5]);
  const named = (await preparedOnConnection()).filter((row) => row.statement.includes('+ 1 as sum'));
  assert.equal(named.length, 1, 'one named statement for the text, however often it runs');
  assert.match(named[0]!.name, /^simexit_\d+$/);
});

test('an unmarked statement is not prepared', async () => {
  await sql`select ${2}::int * 3 as product`.execute(database.db);
  const named = await preparedOnConnection();
  assert.ok(!named.some((row) => row.statement.includes('* 3 as product')));
});

test('past the limit of prepared texts, marked statements still run (unnamed)', async () => {
  for (let n = 0; n < 110; n++) {
    const { rows } = await sql<{ n: number }>`select ${n}::int as n, ${sql.lit(n)} as tag${prepared}`.execute(
      database.db,
    );
    assert.equal(rows[0]!.n, n);
  }
  const named = await preparedOnConnection();
  assert.ok(named.length <= 100, `${named.length} named statements on one connection`);
});

test('a marked statement that fails leaves its connection usable and fails the same way again', async () => {
  const failing = () => sql`select 1 / ${0}::int${prepared}`.execute(database.db);
  await assert.rejects(failing, /division by zero/);
  await assert.rejects(failing, /division by zero/);
  const { rows } = await sql<{ ok: number }>`select ${1}::int as ok${prepared}`.execute(database.db);
  assert.equal(rows[0]!.ok, 1);
});

test('a column added to cases while the process runs does not break its prepared case writes', async () => {
  // A rolling deploy: a newer release's migration adds a column while this release's processes run.
  const harness = await startHarness({ env: { DATABASE_POOL_SIZE: '2' } });
  try {
    const first = await fileOnline(harness, 'uk-contract');
    await harness.system.context.db.schema.alterTable('cases').addColumn('added_by_a_later_release', 'text').execute();
    const later = [await fileOnline(harness, 'uk-contact-change'), await fileOnline(harness, 'uk-debt-arrangement')];
    for (const filed of [first, ...later]) {
      const answer = await harness.request({ method: 'GET', url: `/v1/cases/${filed.id}`, token: filed.token });
      assert.equal(answer.status, 200);
      assert.notEqual(answer.body.state, 'submitted', 'the worker took the case on after the column came');
    }
  } finally {
    await harness.close();
  }
});
