import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { notificationTemplates } from './lifecycle.js';
import { messageLanguageFor, messageLanguages, renderNotification, renderOneTimeCode } from './notifications.js';

const data = {
  reference: 'SX-1A2B3C4D',
  maskedMsisdn: '+44 *** *** 101',
  receivedAt: '2026-11-23 10:00 (Europe/London)',
  lineEndsOn: '2026-11-24',
  caseUrl: 'https://cancel.example/cases/1',
  officialChannels: 'https://cancel.example',
  reason: 'card_not_returned',
  infoRequest: 'a copy of your ID.',
  cardReturnAddress: 'Freepost RETURNS',
  cardReturnDeadlineDays: 14,
};

describe('notifications', () => {
  for (const language of messageLanguages) {
    for (const template of notificationTemplates) {
      test(`${template} in ${language} names the case and warns about impostors`, () => {
        const message = renderNotification(template, data, language);
        const text = `${message.subject}\n${message.body}`;
        assert.ok(text.includes(data.reference), 'the reference');
        assert.ok(message.body.includes(data.officialChannels), 'the official channels');
        assert.doesNotMatch(text, /undefined|null|\[object/);
      });
    }
    test(`one-time code in ${language}`, () => {
      const message = renderOneTimeCode('123456', 10, language);
      assert.match(message.body, /123456/);
      assert.match(message.body, /10/);
    });
  }

  test('a rejection explains its reason in the holder’s language', () => {
    assert.match(renderNotification('rejected', data, 'en').body, /did not arrive in time/);
    assert.match(renderNotification('rejected', data, 'zh-CN').body, /未在期限内收到/);
    assert.match(renderNotification('rejected', data, 'de').body, /nicht rechtzeitig/);
  });

  test('market languages map to message languages', () => {
    assert.equal(messageLanguageFor('en-GB'), 'en');
    assert.equal(messageLanguageFor('en-US'), 'en');
    assert.equal(messageLanguageFor('zh-CN'), 'zh-CN');
    assert.equal(messageLanguageFor('de-DE'), 'de');
  });
});
