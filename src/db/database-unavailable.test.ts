import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import pg from 'pg';
import { isDatabaseUnavailable } from './database.js';

/** What node-postgres raises for a server that is not there, or that accepts and never answers. */
async function errorFrom(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

test('real connection failures count as "the database is unavailable"', async () => {
  const closed = createServer();
  const closedPort = await new Promise<number>((resolve) =>
    closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)),
  );
  await new Promise((resolve) => closed.close(resolve));
  const refused = await errorFrom(() =>
    new pg.Pool({ connectionString: `postgres://x@127.0.0.1:${closedPort}/x` }).query('select 1'),
  );
  assert.equal((refused as { code?: string }).code, 'ECONNREFUSED');
  assert.ok(isDatabaseUnavailable(refused));

  // A server that takes the connection and says nothing: the pool's connect timeout ends the wait.
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  const silentPort = await new Promise<number>((resolve) =>
    silent.listen(0, '127.0.0.1', () => resolve((silent.address() as AddressInfo).port)),
  );
  const pool = new pg.Pool({
    connectionString: `postgres://x@127.0.0.1:${silentPort}/x`,
    connectionTimeoutMillis: 200,
  });
  const timedOut = await errorFrom(() => pool.query('select 1'));
  assert.ok(isDatabaseUnavailable(timedOut), String(timedOut));
  await pool.end();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));

  // A server that hangs up mid-conversation.
  const hangUp = createServer((socket) => socket.destroy());
  const hangUpPort = await new Promise<number>((resolve) =>
    hangUp.listen(0, '127.0.0.1', () => resolve((hangUp.address() as AddressInfo).port)),
  );
  const ended = await errorFrom(() =>
    new pg.Pool({ connectionString: `postgres://x@127.0.0.1:${hangUpPort}/x` }).query('select 1'),
  );
  assert.ok(isDatabaseUnavailable(ended), String(ended));
  await new Promise((resolve) => hangUp.close(resolve));
});

test('SQLSTATEs: connection classes are unavailable, errors in the request are not', () => {
  const sqlState = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });
  for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '08003', '53300', '25006']) {
    assert.ok(isDatabaseUnavailable(sqlState(code)), code);
  }
  for (const code of ['23505', '22P02', '40001', '40P01', '42P01', '23503', '0A000']) {
    assert.ok(!isDatabaseUnavailable(sqlState(code)), code);
  }
  assert.ok(!isDatabaseUnavailable(new Error('boom')));
  assert.ok(!isDatabaseUnavailable(null));
  assert.ok(!isDatabaseUnavailable('ECONNREFUSED'));
  // Wrapped (a cause) or one per address of a host name (AggregateError).
  assert.ok(isDatabaseUnavailable(new Error('outer', { cause: sqlState('57P01') })));
  assert.ok(isDatabaseUnavailable(new AggregateError([sqlState('ECONNREFUSED'), sqlState('ECONNREFUSED')], '')));
});
