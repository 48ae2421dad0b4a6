import type { NumbersPort, ProvisioningPort, WebhooksPort } from '../../ports.js';
import { performOnce, type DemoContext } from './operations.js';

/** The demo network: deactivates lines (as an HLR/HSS and eSIM platform would). */
export function demoProvisioning(context: DemoContext): ProvisioningPort {
  return {
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
    async release(msisdn, key) {
      await performOnce(context, { key, name: 'release', msisdn }, setStatus(msisdn, 'available', null));
    },
  };
}

/** The demo relying parties: records each notification to a service bound to the number. */
export function demoWebhooks(context: DemoContext): WebhooksPort {
  return {
    async notifyBoundService(msisdn, service, event, key) {
      await performOnce(context, { key, name: 'bound_service_notified', msisdn }, async () => ({
        serviceId: service.id,
        event,
      }));
    },
  };
}
