import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { personaLines, startHarness, type Harness } from './support/harness.js';
import { startSmsc, type FakeSmsc } from './support/smsc.js';

/**
 * Keywords texted from a line: PAC and STAC answer with a code valid 30 days plus the charges and
 * the prepaid balance (UK text-to-switch); INFO without a code; CANCEL starts a cancellation.
 */
describe('SMS keywords', () => {
  describe('through the demo operator (no SMSC)', () => {
    let harness: Harness;
    let lines: Awaited<ReturnType<typeof personaLines>>;
    before(async () => {
      harness = await startHarness({ start: '2026-11-23T10:00:00Z' });
      lines = await personaLines(harness);
    });
    after(() => harness.close());

    const seen = new Set<string>();
    /** Texts `body` from the persona's line and returns the new messages the line received, joined. */
    const text = async (persona: string, body: string) => {
      const msisdn = lines[persona]![0]!.msisdn;
      const sent = await harness.request({
        method: 'POST',
        url: '/demo/sms/inbound',
        payload: { from: msisdn, text: body },
      });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      await harness.drain();
      const inbox = (await harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(msisdn)}` })).body
        .messages as {
        id: string;
        body: string;
      }[];
      const fresh = inbox.filter((m) => !seen.has(m.id));
      for (const m of fresh) seen.add(m.id);
      return fresh.map((m) => m.body).join('\n---\n');
    };

    test('STAC: a code of six digits and three letters, valid 30 days, with the early-termination charge', async () => {
      const reply = await text('uk-contract', ' stac ');
      assert.match(
        reply,
        /Your STAC is \d{6}[A-Z]{3}, valid until 23 December 2026\. Early termination charge: £135\.00/,
      );
      assert.match(reply, /No prepaid balance\./);
      const stored = await harness.system.context.db
        .selectFrom('switching_codes')
        .selectAll()
        .where('kind', '=', 'STAC')
        .execute();
      assert.equal(stored.length, 1);
      assert.equal(new Date(stored[0]!.expires_at).toISOString(), '2026-12-23T10:00:00.000Z');
    });

    test('PAC: three letters and six digits, with the prepaid balance', async () => {
      const reply = await text('uk-prepaid-credit', 'PAC');
      assert.match(
        reply,
        /^Your PAC is [A-Z]{3}\d{6}, valid until 23 December 2026\. No early termination charge\. Prepaid balance: £12\.50 and 3 GB of data\./,
      );
    });

    test('INFO tells charges and balance without a code; unknown words get the list of keywords', async () => {
      assert.match(await text('uk-debt', 'INFO'), /Unpaid bills: £48\.20/);
      assert.match(await text('uk-debt', 'hello?'), /Text PAC to move your number, STAC to end your contract/);
    });

    test('PAC outside the UK is explained, not issued', async () => {
      // A German line is answered in German, the market's language.
      assert.match(await text('de-prepaid', 'PAC'), /gibt es nur in Großbritannien/);
    });

    const referenceIn = (reply: string) => {
      const reference = /reply YES ([A-Z]{3}\d{3}) within 15 minutes/.exec(reply)?.[1];
      assert.ok(reference, reply);
      return reference;
    };
    const casesOf = (persona: string) =>
      harness.system.context.db
        .selectFrom('cases')
        .select(['channel', 'verification'])
        .where('msisdn', '=', lines[persona]![0]!.msisdn)
        .execute();

    test('CANCEL files nothing until the line replies YES with the reference it was sent', async () => {
      const asked = await text('uk-debt-arrangement', 'CANCEL');
      assert.match(asked, /Did not ask\? Ignore this message: nothing happens/);
      const reference = referenceIn(asked);
      assert.deepEqual(await casesOf('uk-debt-arrangement'), [], 'no case before the confirmation');
      // A forged sender that never saw the reply cannot confirm: a wrong reference files nothing.
      assert.match(await text('uk-debt-arrangement', 'YES AAA000'), /That reference is not right/);
      assert.deepEqual(await casesOf('uk-debt-arrangement'), []);
      assert.match(
        await text('uk-debt-arrangement', `yes ${reference.toLowerCase()}`),
        /We are cancelling this line \(SX-[0-9A-F]{8}\)/,
      );
      const made = await casesOf('uk-debt-arrangement');
      assert.equal(made.length, 1);
      assert.equal(made[0]!.channel, 'sms');
      assert.equal((made[0]!.verification as { method: string }).method, 'possession_of_line');
      assert.match(
        await text('uk-debt-arrangement', `YES ${reference}`),
        /nothing to confirm/,
        'a reference works once',
      );
    });

    test('CANCEL: three wrong references void it; an expired one confirms nothing; what is missing is said', async () => {
      referenceIn(await text('uk-contract', 'CANCEL'));
      await text('uk-contract', 'YES AAA001');
      await text('uk-contract', 'YES AAA002');
      assert.match(await text('uk-contract', 'YES AAA003'), /the request is void/);
      const late = referenceIn(await text('uk-two-lines', 'CANCEL'));
      await harness.advance(16 * 60_000);
      assert.match(await text('uk-two-lines', `YES ${late}`), /nothing to confirm/);
      assert.deepEqual(await casesOf('uk-two-lines'), []);
      const reference = referenceIn(await text('uk-prepaid-credit', 'cancel'));
      assert.match(await text('uk-prepaid-credit', `YES ${reference}`), /a few choices are needed first/);
    });

    test('CANCEL is refused within the SIM-swap window', async () => {
      assert.match(await text('uk-sim-swap', 'CANCEL'), /the SIM card of this line changed recently/);
      assert.deepEqual(await casesOf('uk-sim-swap'), []);
    });
  });

  describe('over SMPP, with a real SMSC on loopback', () => {
    let smsc: FakeSmsc;
    let harness: Harness;
    before(async () => {
      smsc = await startSmsc();
      harness = await startHarness({ env: { SMPP_URL: smsc.url, SMS_SOURCE_ADDRESS: 'simexit' } });
      await harness.system.startInbound();
    });
    after(async () => {
      await harness.close();
      await smsc.close();
    });

    test('a STAC texted to the SMSC comes back as an SMS with the code and the charges', async () => {
      const msisdn = (await personaLines(harness))['uk-contract']![0]!.msisdn;
      smsc.sendFromSubscriber(msisdn, 'STAC');
      for (let attempt = 0; attempt < 40 && !smsc.messages.some((m) => m.to === msisdn); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await harness.drain();
      }
      const reply = smsc.messages.find((m) => m.to === msisdn);
      assert.ok(reply, 'a reply reached the SMSC');
      assert.match(
        reply.text,
        /Your STAC is \d{6}[A-Z]{3}, valid until \d{1,2} [A-Z][a-z]+ \d{4}\. Early termination charge: £135\.00/,
      );

      // The SMSC's delivery receipt is recorded against the outbox message.
      smsc.sendReceipt(reply.smscIds[0]!, 'DELIVRD');
      const outbox = () =>
        harness.system.context.db
          .selectFrom('outbox_messages')
          .select(['receipt_status'])
          .where('template', '=', 'keyword_stac')
          .executeTakeFirstOrThrow();
      for (let attempt = 0; attempt < 40 && (await outbox()).receipt_status === null; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal((await outbox()).receipt_status, 'DELIVRD');
    });
  });
});
