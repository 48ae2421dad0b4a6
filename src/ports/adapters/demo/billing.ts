import { prepared } from '../../../db/database.js';
import type { BillingPort } from '../../ports.js';
import { performOnce, roundTrip, type DemoContext } from './operations.js';

/** The demo billing system: debt, contracts, prepaid balances, final bills and balance moves. */
export function demoBilling(context: DemoContext): BillingPort {
  const { ddb, clock } = context;
  return {
    getStanding: (msisdn) =>
      roundTrip(context, async () => {
        const line = await ddb
          .selectFrom('lines')
          .select([
            'debt_minor',
            'payment_arrangement',
            'contract_term_ends_on',
            'early_termination_charge_minor',
            'prepaid',
            'credit_minor',
            'data_mb',
          ])
          .where('msisdn', '=', msisdn)
          .modifyEnd(prepared)
          .executeTakeFirstOrThrow();
        return {
          debtMinor: line.debt_minor,
          paymentArrangement: line.payment_arrangement,
          contract:
            line.contract_term_ends_on === null
              ? null
              : {
                  minimumTermEndsOn: String(line.contract_term_ends_on),
                  earlyTerminationChargeMinor: line.early_termination_charge_minor,
                },
          prepaid: line.prepaid ? { creditMinor: line.credit_minor, dataMb: line.data_mb } : null,
        };
      }),
    closeAccount(msisdn, input, key) {
      return performOnce(context, { key, name: 'final_bill', msisdn }, async (trx) => {
        const line = await trx
          .updateTable('lines')
          .set({ billing_stopped_at: clock.now() })
          .where('msisdn', '=', msisdn)
          .returning(['debt_minor'])
          .executeTakeFirstOrThrow();
        return { finalBillMinor: line.debt_minor + input.earlyTerminationChargeMinor };
      });
    },
    moveBalance(msisdn, instruction, key) {
      return performOnce(context, { key, name: `balance_${instruction.option}`, msisdn }, async (trx) => {
        const line = await trx
          .updateTable('lines')
          .set({ credit_minor: 0, data_mb: 0 })
          .where('msisdn', '=', msisdn)
          .returning(['credit_minor'])
          .executeTakeFirstOrThrow();
        if (instruction.option !== 'transfer') {
          return { reference: `${instruction.option}-${key}`, remainingCreditMinor: line.credit_minor, target: null };
        }
        // The target's balance as it was, read under a lock, then as it is: the move can be traced on
        // both lines. Credit for a line that cannot hold it is refused, never added to nothing.
        const before = await trx
          .selectFrom('lines')
          .select(['credit_minor', 'data_mb', 'prepaid', 'status'])
          .where('msisdn', '=', instruction.toMsisdn)
          .forUpdate()
          .executeTakeFirst();
        if (!before || !before.prepaid || before.status !== 'active') {
          throw new Error(`billing refused the transfer: ${instruction.toMsisdn} cannot hold credit`);
        }
        const after = await trx
          .updateTable('lines')
          .set((eb) => ({
            credit_minor: eb('credit_minor', '+', instruction.creditMinor),
            data_mb: eb('data_mb', '+', instruction.dataMb),
          }))
          .where('msisdn', '=', instruction.toMsisdn)
          .returning(['credit_minor', 'data_mb'])
          .executeTakeFirstOrThrow();
        return {
          reference: `${instruction.option}-${key}`,
          remainingCreditMinor: line.credit_minor,
          target: {
            msisdn: instruction.toMsisdn,
            creditBeforeMinor: before.credit_minor,
            creditAfterMinor: after.credit_minor,
            dataBeforeMb: before.data_mb,
            dataAfterMb: after.data_mb,
          },
        };
      });
    },
  };
}
