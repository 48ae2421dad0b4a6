import type { EsimPort } from '../../ports.js';
import { performOnce, type DemoContext } from './operations.js';

/**
 * The demo operator's SM-DP+: a release is recorded once per key in `operations` (named after the
 * ES2+ function and the final status, e.g. `esim_cancel_order_unavailable`), the final status is
 * written on the demo line (`esim_released_as`), and a repeat answers the first result, as the ES2+ adapter's
 * functionCallIdentifier makes a real SM-DP+ do.
 */
export function demoEsim(context: DemoContext): EsimPort {
  return {
    async releaseProfile(profile, key) {
      const line = await context.ddb
        .selectFrom('lines')
        .select('msisdn')
        .where('iccid', '=', profile.iccid)
        .executeTakeFirst();
      const indicator = profile.finalProfileStatusIndicator;
      await performOnce(
        context,
        { key, name: `esim_cancel_order_${indicator.toLowerCase()}`, msisdn: line?.msisdn ?? profile.iccid },
        async (trx) => {
          await trx
            .updateTable('lines')
            .set({ esim_released_as: indicator })
            .where('iccid', '=', profile.iccid)
            .execute();
          return { status: 'Executed-Success', at: context.clock.now().toISOString() };
        },
      );
      return {
        functionCallIdentifier: key,
        status: 'Executed-Success',
        statusCodeData: null,
      };
    },
  };
}
