import { sql } from 'kysely';
import type { EmailPort, OutgoingMessage, SmsPort } from '../../ports.js';
import { roundTrip, type DemoContext } from './operations.js';

/**
 * The demo operator's SMS centre and mail server in one: every message lands in an inbox a tester
 * can read (GET /demo/inbox/:address). A message id delivered twice is kept once and counted.
 */
function inboxChannel(context: DemoContext, channel: 'sms' | 'email') {
  return {
    send: (message: OutgoingMessage): Promise<void> =>
      roundTrip(context, async () => {
        await context.ddb
          .insertInto('inbox')
          .values({
            message_id: message.id,
            channel,
            recipient: message.to,
            subject: message.subject,
            body: message.body,
            received_at: context.clock.now(),
          })
          .onConflict((conflict) => conflict.column('message_id').doUpdateSet({ replays: sql`demo.inbox.replays + 1` }))
          .execute();
      }),
  };
}

export const demoSms = (context: DemoContext): SmsPort => inboxChannel(context, 'sms');
export const demoEmail = (context: DemoContext): EmailPort => inboxChannel(context, 'email');
