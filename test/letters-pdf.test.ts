import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { letterTexts } from '../src/domain/letters.js';
import { formatMessageDate, formatMessageMoney } from '../src/domain/message-formats.js';
import { policies } from '../src/domain/policy/index.js';
import { personas } from '../src/ports/adapters/demo/personas.js';
import {
  HOUR,
  latestCode,
  passLineEnd,
  personaLines,
  signInWithIccid,
  startHarness,
  type Harness,
} from './support/harness.js';
import { joinLines, pdfTextLines } from './support/pdf-text.js';

/**
 * The receipt and the confirmation letter are PDFs in the holder's language, in a font that has
 * every character of it: Chinese for a Chinese holder (or a UK holder who chose Chinese in the
 * portal), German with its umlauts and the euro sign for a German one. The text is read back from
 * the PDF through the embedded font's Unicode map, as a reader's copy-and-paste would.
 */
const personaByKey = Object.fromEntries(personas.map((p) => [p.key, p]));
const zh = letterTexts['zh-CN'];
const de = letterTexts.de;

describe('letters in the holder’s language', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  async function file(token: string, msisdn: string, decisions: Record<string, unknown>, headers = {}) {
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      headers,
      payload: { msisdn, decisions },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await harness.drain();
    return created.body as { id: string; reference: string; lineEndsOn: string };
  }
  async function pdf(url: string, token: string) {
    const answer = await harness.request({ method: 'GET', url, token });
    assert.equal(answer.status, 200, String(answer.body));
    assert.equal(answer.raw.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfTextLines(new Uint8Array(answer.raw));
    // Nothing the font could not show, nothing replaced by a question mark.
    assert.ok(!text.some((line) => line.includes('\ufffd') || /\?/.test(line)), text.join('\n'));
    return text;
  }

  test('a Chinese holder’s receipt is in Chinese', async () => {
    const [line, eSim] = lines['cn-prepaid']!;
    const credit = personaByKey['cn-prepaid']!.lines[0]!.prepaid!.creditMinor;
    const token = await signInWithIccid(harness, line!.msisdn, line!.iccid);
    const filed = await file(token, line!.msisdn, { balance: { option: 'transfer', toMsisdn: eSim!.msisdn } });
    const text = await pdf(`/v1/cases/${filed.id}/receipt.pdf`, token);
    assert.equal(text[0], zh.receipt.title);
    assert.ok(text.includes(zh.reference(filed.reference)), text.join('\n'));
    const joined = joinLines(text);
    assert.ok(joined.includes(zh.end.date(formatMessageDate(filed.lineEndsOn, 'zh-CN', 'zh-CN'))), joined);
    assert.ok(
      joined.includes(
        zh.end.transfer({
          credit: formatMessageMoney(credit, 'CNY', 'zh-CN', 'zh-CN'),
          to: `+86 *** *** ${eSim!.msisdn.slice(-3)}`,
        }),
      ),
      joined,
    );
    assert.match(joined, /北京时间/);
  });

  test('a German holder’s receipt is in German, umlauts and euro sign included', async () => {
    const [line] = lines['de-prepaid']!;
    const token = await signInWithIccid(harness, line!.msisdn, line!.iccid);
    const filed = await file(token, line!.msisdn, { balance: { option: 'refund' } });
    const text = await pdf(`/v1/cases/${filed.id}/receipt.pdf`, token);
    assert.equal(text[0], 'Eingangsbestätigung Ihrer Kündigung');
    const joined = joinLines(text);
    assert.ok(joined.includes(de.end.prepaid), joined);
    assert.match(
      joined,
      /Ihr Restguthaben von \d+,\d{2}\s€ wird per Überweisung erstattet, spätestens bis zum \d+\. \p{L}+ \d{4}\./u,
    );
    assert.ok(joined.includes('Die Kündigung ist kostenlos.'), joined);
    assert.match(joined, /deutsche Zeit/);
  });

  test('a UK holder who chose Chinese in the portal gets the confirmation letter in Chinese, services listed', async () => {
    const chinese = { 'accept-language': 'zh-CN' };
    const [line] = lines['uk-bound-services']!;
    const token = await signInWithIccid(harness, line!.msisdn, line!.iccid, chinese);
    const filed = await file(
      token,
      line!.msisdn,
      { acknowledgedServiceIds: ['447700900105-1', '447700900105-2'] },
      chinese,
    );
    await harness.advance(policies.UK.coolingOffHours * HOUR + HOUR);
    await passLineEnd(harness, filed.id);
    const persona = personaByKey['uk-bound-services']!;
    const sent = await harness.request({
      method: 'POST',
      url: '/v1/auth/codes',
      headers: chinese,
      payload: { msisdn: line!.msisdn, accountLogin: persona.accountLogin },
    });
    const session = await harness.request({
      method: 'POST',
      url: '/v1/auth/sessions',
      headers: chinese,
      payload: { challengeId: sent.body.challengeId, code: await latestCode(harness, persona.email) },
    });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    const text = await pdf(`/v1/cases/${filed.id}/confirmation.pdf`, session.body.token);
    assert.equal(text[0], zh.confirmation.title);
    const joined = joinLines(text);
    assert.ok(joined.includes(zh.confirmation.servicesTitle), joined);
    assert.match(
      joined,
      /Northbank online banking（银行）：已于\d{4}年\d+月\d+日 \d{2}:\d{2}（英国时间）通过对方登记的接口通知；对方答复：ACK-[0-9A-F]{8}。/,
    );
    assert.match(joined, /PayQuick wallet（支付服务）：已于/);
    assert.ok(joined.includes(zh.confirmation.watchAccounts), joined);
  });
});
