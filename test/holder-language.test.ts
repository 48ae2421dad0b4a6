import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { followPublicUrl, recordPublicUrl, usePublicUrl } from '../src/services/public-url.service.js';
import { HOUR, passLineEnd, personaLines, startHarness, type Harness } from './support/harness.js';
import { startSmsc, type FakeSmsc } from './support/smsc.js';

/**
 * A UK holder who uses the portal in Chinese gets every message of the journey in Chinese, by SMS over
 * SMPP and by e-mail over SMTP, to real servers on loopback: the one-time code, the receipt, the
 * "not you? stop it" warning, the answer to a keyword texted from the line and the completion. A holder
 * who never chose gets the account's language from the CRM, and links follow the API's address.
 */
describe('messages in the holder’s language', () => {
  const mails: ParsedMail[] = [];
  let smtp: SMTPServer;
  let smsc: FakeSmsc;
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            mails.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    const smtpPort = await new Promise<number>((resolve) =>
      smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as AddressInfo).port)),
    );
    smsc = await startSmsc();
    harness = await startHarness({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMPP_URL: smsc.url } });
    await harness.system.startInbound();
    lines = await personaLines(harness);
  });
  after(async () => {
    await harness.close();
    await smsc.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const smsTo = (msisdn: string) => smsc.messages.filter((m) => m.to === msisdn).map((m) => m.text);
  const mailTo = (address: string) =>
    mails.filter((m) => JSON.stringify(m.to ?? '').includes(address)).map((m) => `${m.subject}\n${m.text}`);

  /** Latin words a Chinese message may carry: keywords the holder types, codes, units, the brand. */
  const allowedLatin = new Set(['PAC', 'STAC', 'SIM', 'YES', 'NO', 'INFO', 'CANCEL', 'SIMEXIT', 'SMS', 'MB', 'GB']);
  function assertChinese(text: string) {
    const words = text
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/SX-[0-9A-F]{8}/g, ' ')
      .match(/[A-Za-z]{2,}/g);
    const english = (words ?? []).filter((word) => !allowedLatin.has(word.toUpperCase()));
    assert.deepEqual(english, [], `English inside a Chinese message:\n${text}`);
    assert.match(text, /[\u4e00-\u9fff]/, `not Chinese:\n${text}`);
  }

  /** Waits for the SMSC to hand simexit a keyword texted from the line and for the reply to go out. */
  async function textFromLine(msisdn: string, text: string): Promise<string> {
    const before = smsTo(msisdn).length;
    smsc.sendFromSubscriber(msisdn, text);
    for (let i = 0; i < 100 && smsTo(msisdn).length === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await harness.drain();
    }
    const replies = smsTo(msisdn).slice(before);
    assert.equal(replies.length, 1, `one reply to ${text}`);
    return replies[0]!;
  }

  test('a UK holder who chose Chinese in the portal gets every SMS and e-mail of the journey in Chinese', async () => {
    const { msisdn, iccid } = lines['uk-debt-arrangement']![0]!;
    const email = 'grace.patel@example.co.uk';
    const portal = { 'accept-language': 'zh-CN' };

    const sent = await harness.request({
      method: 'POST',
      url: '/v1/auth/codes',
      headers: portal,
      payload: { msisdn, iccid },
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    await harness.drain();
    const codeSms = smsTo(msisdn).at(-1)!;
    assert.match(codeSms, /您的验证码是 \d{6}，10 分钟内有效/);
    const code = /(\d{6})/.exec(codeSms)![1]!;
    const session = await harness.request({
      method: 'POST',
      url: '/v1/auth/sessions',
      headers: portal,
      payload: { challengeId: sent.body.challengeId, code },
    });
    assert.equal(session.status, 201, JSON.stringify(session.body));

    // A keyword texted from the line is answered in the holder's language too.
    assert.match(await textFromLine(msisdn, 'INFO'), /无提前解约费。/);

    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: session.body.token,
      headers: portal,
      payload: { msisdn, decisions: {} },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const reference = created.body.reference as string;
    await harness.drain();
    // Cooling-off, auto-approval, the wait for the line's end date (30 days' notice) and execution.
    await harness.advance(49 * HOUR);
    await passLineEnd(harness, created.body.id);

    const sms = smsTo(msisdn);
    const mail = mailTo(email);
    const all = [...sms, ...mail];
    for (const text of all) assertChinese(text);
    // Every message of the journey, on both channels where it goes to both.
    assert.ok(
      sms.some((t) => t.includes(`我们已于`) && t.includes('（英国时间）收到您注销号码')),
      'receipt SMS, UK time named in Chinese',
    );
    assert.ok(
      mail.some((t) => t.startsWith(`我们已收到您的注销申请 ${reference}`)),
      'receipt e-mail',
    );
    for (const channel of [sms, mail]) {
      assert.ok(
        channel.some((t) => t.includes('不是您本人？请在此停止：http://simexit.test/cases/')),
        '"not you? stop it here"',
      );
      assert.ok(
        channel.some((t) => t.includes(`已完成注销（${reference}）`)),
        'completion',
      );
      assert.ok(channel.every((t) => !t.includes('printed on your bill')));
    }
    // The case carries the language, so a worker writing its later messages knows it.
    const row = await harness.system.context.db
      .selectFrom('cases')
      .select('language')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.language, 'zh-CN');
    // Both channels saw the journey: a code, a keyword answer, receipt, warning, completion at least.
    assert.ok(sms.length >= 5, `SMS: ${sms.length}`);
    assert.ok(mail.length >= 3, `e-mail: ${mail.length}`);
  });

  test('a holder who switches language in the portal mid-case gets the case’s further messages in the new one', async () => {
    const { msisdn, iccid } = lines['uk-two-lines']![1]!;
    const english = { 'accept-language': 'en-GB,en;q=0.9' };
    const sent = await harness.request({
      method: 'POST',
      url: '/v1/auth/codes',
      headers: english,
      payload: { msisdn, iccid },
    });
    await harness.drain();
    const code = /(\d{6})/.exec(smsTo(msisdn).at(-1)!)![1]!;
    const session = await harness.request({
      method: 'POST',
      url: '/v1/auth/sessions',
      headers: english,
      payload: { challengeId: sent.body.challengeId, code },
    });
    const filed = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: session.body.token,
      headers: english,
      payload: { msisdn, decisions: {} },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    await harness.drain();
    assert.ok(smsTo(msisdn).some((t) => t.startsWith('We received your request to cancel')));

    const withdrawn = await harness.request({
      method: 'POST',
      url: `/v1/cases/${filed.body.id}/withdraw`,
      token: session.body.token,
      headers: { 'accept-language': 'zh-CN' },
      payload: {},
    });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    await harness.drain();
    const notice = smsTo(msisdn).at(-1)!;
    assert.match(notice, /的注销已停止，号码继续正常使用/);
    assertChinese(notice);
    const { db } = harness.system.context;
    const row = await db
      .selectFrom('cases')
      .select('language')
      .where('id', '=', filed.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.language, 'zh-CN');
    const audits = await db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'holder.language_chosen')
      .where('target', '=', `subscriber:${(await harness.system.context.ports.crm.findLine(msisdn))!.subscriberId}`)
      .execute();
    assert.deepEqual(
      audits.map((a) => a.data),
      [
        { from: null, to: 'en' },
        { from: 'en', to: 'zh-CN' },
      ],
    );
  });

  test('without a choice in the portal, the account’s language in the CRM; without one, the market’s', async () => {
    const { msisdn, iccid } = lines['uk-prepaid-credit']![0]!;
    await harness.system.context.db
      .updateTable('demo.subscribers' as never)
      .set({ language: 'de-DE' } as never)
      .where('account_login' as never, '=', 'amelia.hughes' as never)
      .execute();
    const codeRequest = await harness.request({ method: 'POST', url: '/v1/auth/codes', payload: { msisdn, iccid } });
    assert.equal(codeRequest.status, 201, JSON.stringify(codeRequest.body));
    await harness.drain();
    assert.match(smsTo(msisdn).at(-1)!, /^Ihr Code lautet \d{6}\. Er ist 10 Minuten gültig\./);
    // A case filed by a client that names no language is written in the account's language too.
    const session = await harness.request({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { challengeId: codeRequest.body.challengeId, code: /(\d{6})/.exec(smsTo(msisdn).at(-1)!)![1]! },
    });
    const filed = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: session.body.token,
      payload: { msisdn, decisions: { balance: { option: 'forfeit', acknowledged: true } } },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    await harness.drain();
    assert.ok(
      smsTo(msisdn).some((t) => t.startsWith('Ihre Kündigung der Rufnummer') && t.includes('(britische Zeit)')),
      smsTo(msisdn).join('\n'),
    );

    const { msisdn: otherMsisdn, iccid: otherIccid } = lines['uk-contact-change']![0]!;
    const other = { msisdn: otherMsisdn, iccid: otherIccid };
    const plain = await harness.request({ method: 'POST', url: '/v1/auth/codes', payload: other });
    assert.equal(plain.status, 201, JSON.stringify(plain.body));
    await harness.drain();
    assert.match(smsTo(other.msisdn).at(-1)!, /^Your code is \d{6}\. It expires in 10 minutes\./);

    // A language simexit has no messages in counts as none (English for a UK line).
    await harness.request({
      method: 'POST',
      url: '/v1/auth/codes',
      headers: { 'accept-language': 'fr-FR' },
      payload: other,
    });
    await harness.drain();
    assert.match(smsTo(other.msisdn).at(-1)!, /^Your code is/);
  });

  test('a process without PUBLIC_URL links to the address the API recorded, not to its own default port', async () => {
    const { context } = harness.system;
    const configured = context.config.PUBLIC_URL;
    try {
      await recordPublicUrl(context, 'http://localhost:4321');
      usePublicUrl(context, 'http://localhost:8080');
      const follower = await followPublicUrl(context, 60_000);
      follower.stop();
      assert.equal(context.config.PUBLIC_URL, 'http://localhost:4321');
      assert.ok(Object.isFrozen(context.config));

      const { msisdn, iccid } = lines['uk-contact-change']![0]!;
      const sent = await harness.request({ method: 'POST', url: '/v1/auth/codes', payload: { msisdn, iccid } });
      await harness.drain();
      const code = /(\d{6})/.exec(smsTo(msisdn).at(-1)!)![1]!;
      const session = await harness.request({
        method: 'POST',
        url: '/v1/auth/sessions',
        payload: { challengeId: sent.body.challengeId, code },
      });
      const created = await harness.request({
        method: 'POST',
        url: '/v1/cancellations',
        token: session.body.token,
        payload: { msisdn, decisions: {} },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      await harness.drain();
      assert.ok(smsTo(msisdn).some((t) => t.includes(`http://localhost:4321/cases/${created.body.id}`)));
      assert.ok(smsTo(msisdn).every((t) => !t.includes('localhost:8080')));
    } finally {
      usePublicUrl(context, configured);
    }
  });
});
