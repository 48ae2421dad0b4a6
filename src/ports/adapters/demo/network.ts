import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { BoundService, BoundServiceChannel, BoundServiceKind } from '../../../domain/line.js';
import type { LineActionResult, NumbersPort, ProvisioningPort, WebhooksPort } from '../../ports.js';
import { performOnce, roundTrip, type DemoContext } from './operations.js';

const barringFor = { bar_outgoing: 'outgoing', bar_full: 'full', unbar: 'none', deactivate: 'none' } as const;

/** The demo network: bars, unbars and deactivates lines (as an HLR/HSS and eSIM platform would). */
export function demoProvisioning(context: DemoContext): ProvisioningPort {
  const setBarring = (msisdn: string, iccid: string, barring: string, key: string, name: string) =>
    performOnce(context, { key, name, msisdn }, async (trx) => {
      const at = context.clock.now();
      await trx
        .updateTable('lines')
        .set({ barring })
        .where('msisdn', '=', msisdn)
        .where('iccid', '=', iccid)
        .where('status', '=', 'active')
        .execute();
      return { at: at.toISOString() };
    }).then((result) => ({ at: new Date(String(result.at)) }));
  return {
    barLine: (msisdn, iccid, level, key) => setBarring(msisdn, iccid, level, key, `bar_${level}`),
    unbarLine: (msisdn, iccid, key) => setBarring(msisdn, iccid, 'none', key, 'unbar'),

    /**
     * Set-based, as a network's bulk interface is: the keys not seen before are recorded and applied in
     * one statement each; keys seen before answer their first result and count a replay. A fresh key is
     * recorded with the answer of an applied action (done at `now`), and the few the network could not
     * apply are corrected before the transaction commits, so no one ever reads the first guess: one
     * write per action instead of an insert and then an update of every row.
     */
    applyLineActions: (actions) =>
      roundTrip(context, () =>
        context.ddb.transaction().execute(async (trx) => {
          if (actions.length === 0) return [];
          const now = context.clock.now();
          const keys = actions.map((a) => a.key);
          const applied = JSON.stringify({ ok: true, at: now.toISOString() });
          const fresh = new Set(
            (
              await sql<{ idempotency_key: string }>`
                insert into demo.operations (idempotency_key, operation, msisdn, data, first_at)
                select k, a, m, ${applied}::jsonb, ${now} from unnest(${keys}::text[],
                  ${actions.map((a) => a.action)}::text[], ${actions.map((a) => a.msisdn)}::text[]) as t(k, a, m)
                on conflict (idempotency_key) do nothing
                returning idempotency_key`.execute(trx)
            ).rows.map((r) => r.idempotency_key),
          );
          const replayed = keys.filter((key) => !fresh.has(key));
          const earlier = new Map<string, Record<string, unknown>>();
          if (replayed.length > 0) {
            const rows = await sql<{ idempotency_key: string; data: Record<string, unknown> }>`
              update demo.operations set replays = replays + 1 where idempotency_key = any(${replayed}::text[])
              returning idempotency_key, data`.execute(trx);
            for (const row of rows.rows) earlier.set(row.idempotency_key, row.data);
          }
          const todo = actions.filter((a) => fresh.has(a.key));
          const done = new Set<string>();
          if (todo.length > 0) {
            const rows = await sql<{ msisdn: string }>`
              update demo.lines l set
                barring = t.barring,
                status = case when t.action = 'deactivate' then 'deactivated' else l.status end,
                deactivated_at = case when t.action = 'deactivate' then ${now}::timestamptz else l.deactivated_at end
              from unnest(${todo.map((a) => a.msisdn)}::text[], ${todo.map((a) => a.iccid)}::text[],
                ${todo.map((a) => a.action)}::text[], ${todo.map((a) => barringFor[a.action])}::text[])
                as t(msisdn, iccid, action, barring)
              where l.msisdn = t.msisdn and l.iccid = t.iccid and l.status = 'active'
              returning l.msisdn`.execute(trx);
            for (const row of rows.rows) done.add(row.msisdn);
          }
          const known = new Set<string>();
          const missing = todo.filter((a) => !done.has(a.msisdn)).map((a) => a.msisdn);
          if (missing.length > 0) {
            const rows = await sql<{ msisdn: string }>`
              select msisdn from demo.lines where msisdn = any(${missing}::text[])`.execute(trx);
            for (const row of rows.rows) known.add(row.msisdn);
          }
          const results: LineActionResult[] = actions.map((action) => {
            const first = earlier.get(action.key);
            if (first) {
              return first.ok
                ? { key: action.key, ok: true, at: new Date(String(first.at)) }
                : { key: action.key, ok: false, reason: first.reason as 'line_not_found' | 'line_not_active' };
            }
            if (done.has(action.msisdn)) return { key: action.key, ok: true, at: now };
            return {
              key: action.key,
              ok: false,
              reason: known.has(action.msisdn) ? 'line_not_active' : 'line_not_found',
            };
          });
          const refused = results.filter((r) => fresh.has(r.key) && !r.ok);
          if (refused.length > 0) {
            await sql`
              update demo.operations o set data = t.data::jsonb
              from unnest(${refused.map((r) => r.key)}::text[], ${refused.map((r) =>
                JSON.stringify(r.ok ? { ok: true } : { ok: false, reason: r.reason }),
              )}::text[]) as t(k, data)
              where o.idempotency_key = t.k`.execute(trx);
          }
          return results;
        }),
      ),

    async deactivateLine(msisdn, iccid, key) {
      const result = await performOnce(context, { key, name: 'deactivate', msisdn }, async (trx) => {
        const at = context.clock.now();
        await trx
          .updateTable('lines')
          .set({ status: 'deactivated', deactivated_at: at })
          .where('msisdn', '=', msisdn)
          .where('iccid', '=', iccid)
          .execute();
        return { deactivatedAt: at.toISOString() };
      });
      return { deactivatedAt: new Date(result.deactivatedAt) };
    },
  };
}

/** The demo number inventory: quarantine after cancellation, then release for reassignment. */
export function demoNumbers(context: DemoContext): NumbersPort {
  const setStatus = (msisdn: string, status: string, until: Date | null) => async (trx: DemoContext['ddb']) => {
    const now = context.clock.now();
    await trx
      .insertInto('number_inventory')
      .values({ msisdn, status, quarantined_until: until, updated_at: now })
      .onConflict((conflict) =>
        conflict.column('msisdn').doUpdateSet({ status, quarantined_until: until, updated_at: now }),
      )
      .execute();
    return { status };
  };
  return {
    async quarantine(msisdn, until, key) {
      await performOnce(context, { key, name: 'quarantine', msisdn }, setStatus(msisdn, 'quarantined', until));
    },
    quarantineMany: (items) =>
      roundTrip(context, () =>
        context.ddb.transaction().execute(async (trx) => {
          if (items.length === 0) return;
          const now = context.clock.now();
          // Only keys not seen before act; a repeated batch changes nothing but the replay counts.
          const fresh = await sql<{ msisdn: string; inserted: boolean }>`
            insert into demo.operations (idempotency_key, operation, msisdn, data, first_at)
            select k, 'quarantine', m, '{"status":"quarantined"}', ${now}
            from unnest(${items.map((i) => i.key)}::text[], ${items.map((i) => i.msisdn)}::text[]) as t(k, m)
            on conflict (idempotency_key) do update set replays = demo.operations.replays + 1
            returning msisdn, (xmax = 0) as inserted`.execute(trx);
          const inserted = new Set(fresh.rows.filter((r) => r.inserted).map((r) => r.msisdn));
          const todo = items.filter((i) => inserted.has(i.msisdn));
          if (todo.length === 0) return;
          await sql`
            insert into demo.number_inventory (msisdn, status, quarantined_until, updated_at)
            select m, 'quarantined', u, ${now} from unnest(${todo.map((i) => i.msisdn)}::text[],
              ${todo.map((i) => i.until)}::timestamptz[]) as t(m, u)
            on conflict (msisdn) do update set status = 'quarantined', quarantined_until = excluded.quarantined_until,
              updated_at = excluded.updated_at`.execute(trx);
        }),
      ),
    async release(msisdn, key) {
      await performOnce(context, { key, name: 'release', msisdn }, setStatus(msisdn, 'available', null));
    },
  };
}

/** Over what the demo operator tells each kind of bound service that the number is gone. */
const demoChannelOf: Record<BoundServiceKind, BoundServiceChannel> = {
  bank: 'webhook',
  payment: 'webhook',
  app_login: 'webhook',
  device_instalment: 'partner_api',
  addon: 'operator_system',
  family_plan: 'operator_system',
};

/** A demo service's address: its registered endpoint, its partner interface, or the operator's billing. */
function demoRecipientOf(service: BoundService): string {
  const slug = service.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  switch (demoChannelOf[service.kind]) {
    case 'webhook':
      return `https://${slug || 'service'}.example/number-events`;
    case 'partner_api':
      return `partner interface of ${service.name}`;
    case 'operator_system':
      return 'operator billing';
  }
}

/**
 * The demo relying parties: each notification is recorded once per key and answered with the
 * service's acknowledgement (a reference derived from the key), as a registered endpoint would.
 */
export function demoWebhooks(context: DemoContext): WebhooksPort {
  return {
    async notifyBoundService(msisdn, service, event, key) {
      const answer = await performOnce(context, { key, name: 'bound_service_notified', msisdn }, async () => ({
        serviceId: service.id,
        event,
        channel: demoChannelOf[service.kind],
        recipient: demoRecipientOf(service),
        acknowledgement: `ACK-${createHash('sha256').update(key).digest('hex').slice(0, 8).toUpperCase()}`,
        answeredAt: context.clock.now().toISOString(),
      }));
      // A notice recorded by an older demo (without the answer's fields) reads as answered then.
      const recorded = answer as Partial<typeof answer>;
      return {
        channel: recorded.channel ?? demoChannelOf[service.kind],
        recipient: recorded.recipient ?? demoRecipientOf(service),
        acknowledgement: recorded.acknowledgement ?? 'received',
        answeredAt: new Date(recorded.answeredAt ?? context.clock.now()),
      };
    },
  };
}
