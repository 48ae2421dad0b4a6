import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import {
  HOUR,
  passLineEnd,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * E-mail goes over SMTP to a real SMTP server on loopback: receipts and completions arrive in the
 * market's language, as text and HTML, with the official-channels warning; a server that is down
 * delays mail without losing it.
 */
describe('e-mail over SMTP', () => {
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port: number;
  let harness: Harness;
  let accept = true;

  const listen = (at: number) =>
    new Promise<number>((resolve) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, _session, callback) {
          if (!accept) {
            stream.resume();
            stream.on('end', () => callback(new Error('mailbox unavailable')));
            return;
          }
          simpleParser(stream)
            .then((mail) => {
              received.push(mail);
              callback();
            })
            .catch(callback);
        },
      });
      server.listen(at, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
    });

  before(async () => {
    port = await listen(0);
    harness = await startHarness({
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Example Mobile <no-reply@example.test>' },
    });
  });
  after(async () => {
    await harness.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const mailFor = (address: string) => received.filter((mail) => mail.to && JSON.stringify(mail.to).includes(address));

  async function cancel(persona: string, decisions: Record<string, unknown>) {
    const lines = await personaLines(harness);
    const line = lines[persona]![0]!;
    const token = await signInWithIccid(harness, line.msisdn, line.iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn: line.msisdn, decisions },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await harness.drain();
    return created.body as { id: string; reference: string };
  }

  test('receipt and completion arrive in English and in Simplified Chinese, as text and HTML', async () => {
    const uk = await cancel('uk-debt-arrangement', {});
    const cn = await cancel('cn-prepaid', { balance: { option: 'transfer', toMsisdn: '+8613800138002' } });
    const ukMail = mailFor('grace.patel@example.co.uk');
    const cnMail = mailFor('wang.fang@example.cn');
    assert.ok(ukMail.some((m) => m.subject === `We received your cancellation ${uk.reference}`));
    assert.ok(cnMail.some((m) => m.subject === `我们已收到您的注销申请 ${cn.reference}`));
    for (const mail of [...ukMail, ...cnMail]) {
      assert.deepEqual(mail.from?.value[0], { name: 'Example Mobile', address: 'no-reply@example.test' });
      assert.match(String(mail.messageId), /@simexit>?$/);
      assert.ok(mail.html, 'an HTML part');
      assert.ok(mail.text, 'a text part');
    }
    assert.ok(ukMail.every((m) => m.text!.includes('We never ask for your password')));
    assert.ok(cnMail.every((m) => m.text!.includes('我们绝不会')));
    assert.ok(ukMail.every((m) => String(m.html).includes('href="http://simexit.test/cases/')));

    // Cooling-off over; the UK case (30 days' notice) executes on its end date. The Chinese card must
    // come back first.
    await harness.advance(49 * HOUR);
    await passLineEnd(harness, uk.id);
    assert.ok(mailFor('grace.patel@example.co.uk').some((m) => m.subject?.endsWith('is cancelled')));
    assert.ok(mailFor('wang.fang@example.cn').some((m) => m.subject === `请寄回您的卡（${cn.reference}）`));
  });

  test('a refusing mail server delays e-mail; it is delivered once the server accepts again', async () => {
    accept = false;
    const before = received.length;
    const created = await cancel('uk-contact-change', {});
    const view = await harness.request({ method: 'GET', url: `/v1/staff/cases/${created.id}`, token: await clerk() });
    const email = view.body.communications.find((c: { channel: string }) => c.channel === 'email');
    assert.equal(email.deliveredAt, null, 'not delivered while the server refuses');
    assert.equal(received.length, before);
    accept = true;
    // pg-boss retries after its backoff (2 s, doubling); drain until the message is through.
    const receipts = () =>
      mailFor('thomas.wright@example.co.uk').filter((m) => m.subject?.startsWith('We received your cancellation'));
    for (let attempt = 0; attempt < 30 && receipts().length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await harness.drain();
    }
    const delivered = mailFor('thomas.wright@example.co.uk');
    assert.equal(
      delivered.filter((m) => m.subject?.startsWith('We received your cancellation')).length,
      1,
      'exactly once',
    );
  });

  const clerk = () => staffToken(harness, 'clerk@demo.simexit.test');
});
