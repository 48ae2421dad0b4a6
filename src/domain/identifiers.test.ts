import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SimexitError } from './errors.js';
import {
  luhnCheckDigit,
  makeIccid,
  maskEmail,
  maskMsisdn,
  msisdnReadings,
  parseIccid,
  parseMsisdn,
} from './identifiers.js';

function assertCode(fn: () => unknown, code: string, reason?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof SimexitError, `expected SimexitError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (reason !== undefined) assert.equal(error.details?.reason, reason);
    return true;
  });
}

describe('parseMsisdn', () => {
  const accepted: [input: string, country: 'GB' | 'DE' | 'CN' | 'US' | undefined, e164: string][] = [
    // Numbers the demo operator uses, one per market.
    ['+447700900001', undefined, '+447700900001'],
    ['+447700900123', undefined, '+447700900123'],
    ['+4915112345678', undefined, '+4915112345678'],
    ['+8613800138000', undefined, '+8613800138000'],
    ['+12015550123', undefined, '+12015550123'],
    ['+447800000001', undefined, '+447800000001'],
    // How people type them.
    ['+44 7700 900123', undefined, '+447700900123'],
    ['0044 7700 900123', undefined, '+447700900123'],
    ['+44 (0)7700 900-123', undefined, '+447700900123'],
    ['  +44-7700-900-123  ', undefined, '+447700900123'],
    ['07700 900123', 'GB', '+447700900123'],
    ['0151 12345678', 'DE', '+4915112345678'],
    ['138 0013 8000', 'CN', '+8613800138000'],
    ['(201) 555-0123', 'US', '+12015550123'],
    ['201.555.0123', 'US', '+12015550123'],
    ['+1 (201) 555-0123', 'GB', '+12015550123'],
    // Landlines and other countries are phone numbers too.
    ['+44 20 7946 0000', undefined, '+442079460000'],
    ['+33 6 12 34 56 78', undefined, '+33612345678'],
  ];
  for (const [input, country, e164] of accepted) {
    test(`accepts ${JSON.stringify(input)}${country ? ` (${country})` : ''}`, () => {
      assert.equal(parseMsisdn(input, country), e164);
    });
  }

  const rejected: [input: string, reason: string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['+44 7700 900123 ext 5', 'invalid_characters'],
    ['+44 7700 9OO123', 'invalid_characters'],
    ['call me', 'invalid_characters'],
    ['+44+7700900123', 'invalid_characters'],
    ['tel:+447700900123', 'invalid_characters'],
    ['+4477009001230000000000000000000', 'too_long'],
    ['07700 900123', 'missing_country_code'],
    ['+441234', 'not_a_phone_number'],
    ['+44770090012', 'not_a_phone_number'],
    ['+4477009001234', 'not_a_phone_number'],
    ['+999123456', 'not_a_phone_number'],
    ['+15555550123', 'not_a_phone_number'],
    ['+8612345678901', 'not_a_phone_number'],
    ['+', 'not_a_phone_number'],
    ['()', 'not_a_phone_number'],
  ];
  for (const [input, reason] of rejected) {
    test(`rejects ${JSON.stringify(input)} (${reason})`, () => {
      assertCode(() => parseMsisdn(input), 'INVALID_MSISDN', reason);
    });
  }

  test('the message tells the person how to write the number', () => {
    assert.throws(() => parseMsisdn('12'), /international format, e\.g\. \+44 7700 900123/);
  });

  test('a non-string input is refused, not crashed on', () => {
    assertCode(() => parseMsisdn(undefined as unknown as string), 'INVALID_MSISDN', 'empty');
  });

  test('property: idempotent on its own output', () => {
    const numbers = fc.constantFrom(...accepted.map(([input, country]) => parseMsisdn(input, country)));
    fc.assert(fc.property(numbers, (e164) => parseMsisdn(e164) === e164));
  });

  test('property: formatted variants of a number parse to the same E.164', () => {
    const separator = fc.constantFrom('', ' ', '-', '.', '  ');
    const prefix = fc.constantFrom('+', '00');
    const numbers = fc.constantFrom('447700900123', '4915112345678', '8613800138000', '12015550123');
    fc.assert(
      fc.property(numbers, prefix, fc.array(separator, { minLength: 14, maxLength: 14 }), (digits, plus, seps) => {
        let formatted = plus;
        for (let index = 0; index < digits.length; index += 1) formatted += digits[index]! + (seps[index] ?? '');
        fc.pre(formatted.trim().length <= 30);
        return parseMsisdn(formatted) === `+${digits}`;
      }),
    );
  });

  test('property: arbitrary strings either parse or throw INVALID_MSISDN, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^\+?[0-9 ()-]{0,32}$/)),
        (input) => {
          try {
            const e164 = parseMsisdn(input, 'GB');
            return /^\+[1-9][0-9]{6,14}$/.test(e164);
          } catch (error) {
            return error instanceof SimexitError && error.code === 'INVALID_MSISDN';
          }
        },
      ),
    );
  });
});

describe('national formats', () => {
  // The demo operator's numbers as their holders write them at home.
  const national: [input: string, country: 'GB' | 'DE' | 'CN', e164: string][] = [
    ['07700 900101', 'GB', '+447700900101'],
    ['07700900101', 'GB', '+447700900101'],
    ['0151 12345601', 'DE', '+4915112345601'],
    ['0151-123 456 01', 'DE', '+4915112345601'],
    ['138 0013 8000', 'CN', '+8613800138000'],
    ['13800138000', 'CN', '+8613800138000'],
  ];
  for (const [input, country, e164] of national) {
    test(`${JSON.stringify(input)} in ${country} is ${e164}`, () => assert.equal(parseMsisdn(input, country), e164));
    test(`${JSON.stringify(input)} read in every market finds ${e164}`, () =>
      assert.ok(msisdnReadings(input).includes(e164 as never), String(msisdnReadings(input))));
  }

  test('a national number is read only as a mobile number, in the order of the markets', () => {
    // 07700 900101 is also a German and a Chinese landline: not a SIM's number.
    assert.deepEqual(msisdnReadings('07700 900101'), ['+447700900101']);
    // 0151 … is a German mobile number and, its 0 dropped, a Chinese one: the CRM decides which is a line.
    assert.deepEqual(msisdnReadings('0151 12345601'), ['+4915112345601', '+8615112345601']);
    assert.deepEqual(msisdnReadings('138 0013 8000'), ['+8613800138000']);
    assert.deepEqual(msisdnReadings('(201) 555-0123'), ['+12015550123']);
    // Valid only as a German landline.
    assertCode(() => msisdnReadings('07700 9001'), 'INVALID_MSISDN', 'not_a_phone_number');
  });

  test('a number with its country code is read as written, whatever the markets', () => {
    assert.deepEqual(msisdnReadings('+44 7700 900101'), ['+447700900101']);
    assert.deepEqual(msisdnReadings('0049 151 12345601', ['GB']), ['+4915112345601']);
  });

  test('readings are limited to the countries given', () => {
    assert.deepEqual(msisdnReadings('0151 12345601', ['DE']), ['+4915112345601']);
    assertCode(() => msisdnReadings('0151 12345601', ['GB', 'US']), 'INVALID_MSISDN', 'not_a_phone_number');
  });

  test('empty and invalid are told apart, for one market and for all', () => {
    assertCode(() => parseMsisdn('', 'GB'), 'INVALID_MSISDN', 'empty');
    assertCode(() => parseMsisdn('07700 9001', 'GB'), 'INVALID_MSISDN', 'not_a_phone_number');
    assertCode(() => msisdnReadings('  '), 'INVALID_MSISDN', 'empty');
    assertCode(() => msisdnReadings('12'), 'INVALID_MSISDN', 'not_a_phone_number');
    assertCode(() => msisdnReadings('0151 1234x'), 'INVALID_MSISDN', 'invalid_characters');
    assertCode(() => msisdnReadings('0151 1234'), 'INVALID_MSISDN', 'not_a_phone_number');
    // A country code without its + is not guessed at.
    assertCode(() => parseMsisdn('447700900101', 'GB'), 'INVALID_MSISDN', 'missing_country_code');
    assertCode(() => msisdnReadings('447700900101'), 'INVALID_MSISDN');
  });

  test("an invalid number's message shows the market's national format", () => {
    assert.throws(() => parseMsisdn('07700 9001', 'GB'), /right format, like 07700 900123/);
    assert.throws(() => parseMsisdn('0151 1', 'DE'), /right format, like 0151 12345678/);
    assert.throws(() => parseMsisdn('138 00', 'CN'), /right format, like 138 0013 8000/);
    assert.throws(() => msisdnReadings('12'), /right format, like 07700 900123/);
  });

  test('the market is named in the details of a national reading that failed', () => {
    assert.throws(
      () => parseMsisdn('0151 1', 'DE'),
      (error: unknown) => error instanceof SimexitError && error.details?.country === 'DE',
    );
  });
});

describe('luhnCheckDigit', () => {
  const cases: [payload: string, check: number][] = [
    ['7992739871', 3], // the textbook example
    ['0', 0],
    ['1', 8],
    ['894410000000000101', luhnCheckDigit('894410000000000101')],
  ];
  for (const [payload, check] of cases) {
    test(`${payload} → ${check}`, () => assert.equal(luhnCheckDigit(payload), check));
  }
  test('refuses non-digits', () => {
    assertCode(() => luhnCheckDigit(''), 'VALIDATION_FAILED');
    assertCode(() => luhnCheckDigit('12a'), 'VALIDATION_FAILED');
  });
});

describe('parseIccid', () => {
  const valid19 = makeIccid('894410000000000101');
  const valid20 = makeIccid('8949100000000006012');

  test('makeIccid appends the Luhn digit and yields 19 or 20 digits', () => {
    assert.equal(valid19.length, 19);
    assert.equal(valid20.length, 20);
    assert.equal(valid19, `894410000000000101${luhnCheckDigit('894410000000000101')}`);
  });

  test('accepts spaces and dashes as printed on cards', () => {
    const spaced = valid19.replace(/(\d{4})/g, '$1 ');
    assert.equal(parseIccid(spaced), valid19);
    assert.equal(parseIccid(valid20.replace(/(\d{5})(?=\d)/g, '$1-')), valid20);
  });

  const rejected: [input: string, reason: string][] = [
    ['', 'length'],
    ['8944', 'length'],
    ['894410000000000101', 'length'],
    ['894410000000000101000', 'length'],
    ['8944100000000001O1x', 'invalid_characters'],
    ['89.4410000000000101', 'invalid_characters'],
    [`79${'4410000000000101'}${luhnCheckDigit('794410000000000101')}`, 'prefix'],
    [`${'894410000000000101'}${(luhnCheckDigit('894410000000000101') + 1) % 10}`, 'check_digit'],
  ];
  for (const [input, reason] of rejected) {
    test(`rejects ${JSON.stringify(input)} (${reason})`, () =>
      assertCode(() => parseIccid(input), 'INVALID_ICCID', reason));
  }

  test('the message names the broken rule', () => {
    assert.throws(() => parseIccid('8944'), /19 or 20 digits; you entered 4/);
    assert.throws(() => parseIccid(`12${valid19.slice(2)}`), /starts with 89/);
    assert.throws(() => parseIccid(`${valid19.slice(0, -1)}${(Number(valid19.at(-1)) + 1) % 10}`), /mistyped/);
  });

  test('makeIccid refuses bodies of the wrong length or prefix', () => {
    assertCode(() => makeIccid('89441'), 'INVALID_ICCID', 'length');
    assertCode(() => makeIccid('123456789012345678'), 'INVALID_ICCID', 'prefix');
  });

  const body = fc
    .oneof(fc.constant(16), fc.constant(17))
    .chain((length) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length }))
    .map((rest) => `89${rest}`);

  test('property: any 89… body plus its Luhn digit parses and round-trips', () => {
    fc.assert(
      fc.property(body, (digits) => {
        const iccid = makeIccid(digits);
        return (
          parseIccid(iccid) === iccid &&
          iccid.startsWith(digits) &&
          parseIccid(iccid.replace(/(\d{4})/g, '$1 ')) === iccid
        );
      }),
    );
  });

  test('property: changing any one digit of a valid ICCID makes it invalid', () => {
    fc.assert(
      fc.property(body, fc.nat(), fc.integer({ min: 1, max: 9 }), (digits, at, delta) => {
        const iccid = makeIccid(digits);
        const position = at % iccid.length;
        const changed = (Number(iccid[position]) + delta) % 10;
        const mutated = `${iccid.slice(0, position)}${changed}${iccid.slice(position + 1)}`;
        try {
          parseIccid(mutated);
          return false;
        } catch (error) {
          return error instanceof SimexitError && error.code === 'INVALID_ICCID';
        }
      }),
    );
  });

  test('property: arbitrary strings either parse or throw INVALID_ICCID, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9 -]{15,25}$/)), (input) => {
        try {
          return /^89[0-9]{17,18}$/.test(parseIccid(input));
        } catch (error) {
          return error instanceof SimexitError && error.code === 'INVALID_ICCID';
        }
      }),
    );
  });
});

describe('masking', () => {
  const msisdns: [input: string, masked: string][] = [
    ['+447700900123', '+44 *** *** 123'],
    ['+4915112345678', '+49 *** *** 678'],
    ['+8613800138000', '+86 *** *** 000'],
    ['+12015550123', '+1 *** *** 123'],
    ['+353851234567', '+353 *** *** 567'],
    ['+971501234567', '+971 *** *** 567'],
    ['+80012345678', '+800 *** *** 678'],
    ['07700 900123', '*** *** 123'],
    ['garbage', '***'],
    ['', '***'],
  ];
  for (const [input, masked] of msisdns) {
    test(`maskMsisdn(${JSON.stringify(input)})`, () => assert.equal(maskMsisdn(input), masked));
  }

  test('a masked number never shows the middle digits', () => {
    assert.ok(!maskMsisdn('+447700900123').includes('7700'));
  });

  const emails: [input: string, masked: string][] = [
    ['anna.smith@example.com', 'a***@example.com'],
    ['x@example.org', 'x***@example.org'],
    ['@example.org', '***@example.org'],
    ['ünal@example.de', 'ü***@example.de'],
    ['not-an-email', '***'],
  ];
  for (const [input, masked] of emails) {
    test(`maskEmail(${JSON.stringify(input)})`, () => assert.equal(maskEmail(input), masked));
  }
});
