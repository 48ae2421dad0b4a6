import assert from 'node:assert/strict';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import smpp from 'smpp';
import { memorySubmittedParts, smppSms, type DeliveryReceipt, type SmppSms } from '../src/ports/adapters/smpp/sms.js';

/**
 * SMS goes over SMPP 3.4 to a real SMPP server on loopback acting as the SMSC (node-smpp's server,
 * which decodes what it receives independently of the adapter): encoding, concatenation, bind
 * failures, hung SMSCs, dropped connections and delivery receipts.
 */
describe('SMS over SMPP', () => {
  interface Submit {
    pdu: smpp.PDU;
    /** The message_id the SMSC answered with; null when it refused or did not answer. */
    messageId: string | null;
  }
  const submits: Submit[] = [];
  const deliverResponses: smpp.PDU[] = [];
  const bindVersions: number[] = [];
  const smsc = {
    answerSubmits: true,
    /** command_status for the next submit_sm answers, in order (0 accepts). */
    statuses: [] as number[],
  };
  let boundSession: smpp.Session | null = null;
  let nextMessageId = 0x5eed0000;
  let server: smpp.Server;
  let port: number;

  const receipts: DeliveryReceipt[] = [];
  let sms: SmppSms;
  const TIMEOUT_MS = 1000;

  before(async () => {
    server = smpp.createServer((session) => {
      session.on('error', () => {});
      session.on('bind_transceiver', (pdu: smpp.PDU) => {
        if (pdu.system_id !== 'simexit' || pdu.password !== 's3cret') {
          session.send(pdu.response({ command_status: smpp.errors.ESME_RINVPASWD }));
          session.close();
          return;
        }
        bindVersions.push(Number(pdu.interface_version));
        boundSession = session;
        session.send(pdu.response({ system_id: 'test-smsc' }));
      });
      session.on('submit_sm', (pdu: smpp.PDU) => {
        const submit: Submit = { pdu, messageId: null };
        submits.push(submit);
        if (!smsc.answerSubmits) return;
        const status = smsc.statuses.shift() ?? 0;
        if (status) {
          session.send(pdu.response({ command_status: status }));
          return;
        }
        submit.messageId = (nextMessageId++).toString(16);
        session.send(pdu.response({ message_id: submit.messageId }));
      });
      session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: smpp.PDU) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('deliver_sm_resp', (pdu: smpp.PDU) => deliverResponses.push(pdu));
    });
    port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
    sms = adapter('s3cret', {
      onDeliveryReceipt: (receipt) => {
        if (receipt.status === 'EXPIRED') throw new Error('database unavailable');
        receipts.push(receipt);
      },
    });
  });

  after(async () => {
    await sms.close();
    for (const session of [...server.sessions]) session.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function adapter(password: string, extra: Partial<Parameters<typeof smppSms>[0]> = {}) {
    return smppSms({
      url: `smpp://simexit:${password}@127.0.0.1:${port}`,
      sourceAddress: 'ExampleMob',
      timeoutMs: TIMEOUT_MS,
      ...extra,
    });
  }

  let counter = 0;
  const message = (body: string, to = '+447700900123') => ({ id: `msg-${++counter}`, to, subject: 'ignored', body });

  const shortMessage = (submit: Submit) => submit.pdu.short_message as { udh?: Buffer[]; message: string };
  /** The concatenation element (IEI 0x00): [reference, total, sequence]. */
  function concatenation(submit: Submit): [number, number, number] {
    const elements = shortMessage(submit).udh ?? [];
    assert.equal(elements.length, 1, 'one information element');
    const [iei, length, reference, total, sequence] = elements[0]!;
    assert.equal(iei, 0x00, '8-bit reference concatenation element');
    assert.equal(length, 3);
    return [reference!, total!, sequence!];
  }
  /** Checks a multi-part message's headers and joins the parts in sequence order. */
  function reassemble(parts: Submit[]): string {
    const headers = parts.map(concatenation);
    const [reference, total] = headers[0]!;
    for (const [partReference, partTotal] of headers) {
      assert.equal(partReference, reference, 'one reference for all parts');
      assert.equal(partTotal, parts.length, 'total is the number of parts');
    }
    assert.deepEqual(
      headers.map(([, , sequence]) => sequence).sort(),
      [...Array(total).keys()].map((i) => i + 1),
    );
    for (const part of parts) assert.equal(Number(part.pdu.esm_class) & 0x40, 0x40, 'UDH indicator set');
    return [...parts]
      .sort((a, b) => concatenation(a)[2] - concatenation(b)[2])
      .map((part) => shortMessage(part).message)
      .join('');
  }
  const septets = (text: string) => [...text].reduce((n, char) => n + ('\f^{}\\[~]|€'.includes(char) ? 2 : 1), 0);
  const since = (start: number) => submits.slice(start);
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  async function waitFor(condition: () => boolean, what: string) {
    for (let i = 0; i < 100 && !condition(); i++) await delay(20);
    assert.ok(condition(), what);
  }

  test('a short ASCII message arrives as one GSM part, to the E.164 number, from the alphanumeric sender', async () => {
    const start = submits.length;
    await sms.send(message('Your code is 123456. Reply @ us? No.', '+447700900123'));
    const [submit, ...rest] = since(start);
    assert.equal(rest.length, 0);
    assert.ok(submit);
    assert.deepEqual(bindVersions, [0x34], 'bound once, as SMPP 3.4');
    const pdu = submit.pdu;
    assert.equal(pdu.destination_addr, '447700900123');
    assert.equal(pdu.dest_addr_ton, 1);
    assert.equal(pdu.dest_addr_npi, 1);
    assert.equal(pdu.source_addr, 'ExampleMob');
    assert.equal(pdu.source_addr_ton, 5);
    assert.equal(pdu.source_addr_npi, 0);
    assert.equal(pdu.data_coding, 0);
    assert.equal(pdu.esm_class, 0);
    assert.equal(pdu.registered_delivery, 1);
    assert.deepEqual(shortMessage(submit), { message: 'Your code is 123456. Reply @ us? No.' });
  });

  test('a 400-character English message arrives as 3 concatenated GSM parts that reassemble exactly', async () => {
    const text = 'Your cancellation of +44 7700 900123 is confirmed. Final bill: €12.50 {ref: ABC-123}. Questions? '
      .repeat(5)
      .slice(0, 400);
    assert.equal(text.length, 400);
    const start = submits.length;
    await sms.send(message(text));
    const parts = since(start);
    assert.equal(parts.length, 3);
    for (const part of parts) {
      assert.equal(part.pdu.data_coding, 0);
      assert.ok(septets(shortMessage(part).message) <= 153, 'at most 153 septets per part');
    }
    assert.equal(reassemble(parts), text);
  });

  test('a Chinese message goes as UCS-2 in parts of 67 characters and reassembles exactly', async () => {
    const text = '您的验证码是 123456，10 分钟内有效。'.repeat(4);
    assert.ok(text.length > 70);
    const start = submits.length;
    await sms.send(message(text, '+8613800138000'));
    const parts = since(start);
    assert.equal(parts.length, Math.ceil(text.length / 67));
    for (const part of parts) {
      assert.equal(part.pdu.data_coding, 8);
      assert.equal(part.pdu.destination_addr, '8613800138000');
      assert.ok(shortMessage(part).message.length <= 67);
    }
    assert.equal(reassemble(parts), text);

    const single = '验证码 123456';
    const before = submits.length;
    await sms.send(message(single));
    assert.deepEqual(
      since(before).map((s) => [s.pdu.data_coding, s.pdu.esm_class, shortMessage(s)]),
      [[8, 0, { message: single }]],
    );
  });

  test('a wrong password fails the send with the bind status, without hanging', async () => {
    const wrong = adapter('wrong');
    const started = performance.now();
    await assert.rejects(wrong.send(message('hello')), /bind_transceiver .* refused: ESME_RINVPASWD \(0x0000000e\)/);
    assert.ok(performance.now() - started < TIMEOUT_MS, 'answered by the SMSC, not by the timeout');
    await wrong.close();
  });

  test('an SMSC that accepts the connection but never answers the bind fails the send after timeoutMs', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    const silentPort = await new Promise<number>((resolve) =>
      silent.listen(0, '127.0.0.1', () => resolve((silent.address() as AddressInfo).port)),
    );
    const hung = smppSms({
      url: `smpp://simexit:s3cret@127.0.0.1:${silentPort}`,
      sourceAddress: 'ExampleMob',
      timeoutMs: 300,
    });
    const started = performance.now();
    await assert.rejects(hung.send(message('hello')), /bind to 127\.0\.0\.1:\d+ got no response within 300 ms/);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 250 && elapsed < 1500, `rejected after ${Math.round(elapsed)} ms`);
    await hung.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  test('an SMSC that never answers submit_sm fails the send within timeoutMs; the next send binds again', async () => {
    const binds = bindVersions.length;
    smsc.answerSubmits = false;
    const started = performance.now();
    await assert.rejects(sms.send(message('Your code is 654321')), /submit_sm .* no response within 1000 ms/);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= TIMEOUT_MS - 50 && elapsed < TIMEOUT_MS + 500, `rejected after ${Math.round(elapsed)} ms`);
    smsc.answerSubmits = true;
    await sms.send(message('Your code is 654321'));
    assert.equal(bindVersions.length, binds + 1, 'a fresh bind after the hung session was dropped');
  });

  test('after the SMSC drops the connection, the next send binds again and succeeds', async () => {
    await sms.send(message('first'));
    const binds = bindVersions.length;
    for (const session of [...server.sessions]) session.destroy();
    await delay(100);
    const start = submits.length;
    await Promise.all([sms.send(message('second')), sms.send(message('third'))]);
    assert.equal(bindVersions.length, binds + 1, 'one bind shared by concurrent sends');
    assert.deepEqual(
      since(start)
        .map((s) => shortMessage(s).message)
        .sort(),
      ['second', 'third'],
    );
  });

  test('a refused part rejects the send naming the status; the retry sends only the missing parts', async () => {
    const text = 'x'.repeat(300) + ' end';
    const outbox = message(text);
    const start = submits.length;
    smsc.statuses.push(0, smpp.errors.ESME_RTHROTTLED!);
    await assert.rejects(
      sms.send(outbox),
      /submit_sm \(part 2 of 2\) refused by the SMSC: ESME_RTHROTTLED \(0x00000058\)/,
    );
    await sms.send(outbox);
    await sms.send(outbox);
    const all = since(start);
    assert.deepEqual(
      all.map((s) => [concatenation(s)[2], s.messageId !== null]),
      [
        [1, true],
        [2, false],
        [2, true],
      ],
      'part 1 once, part 2 refused then accepted, nothing after full acceptance',
    );
    assert.equal(reassemble(all.filter((s) => s.messageId !== null)), text);
  });

  test('delivery receipts are reported with our outbox id and always answered', async () => {
    const outbox = message('Your SIM is cancelled.');
    const start = submits.length;
    await sms.send(outbox);
    const smscId = since(start)[0]!.messageId!;
    const session = boundSession!;
    const receiptText = (id: string, stat: string) =>
      Buffer.from(
        `id:${id} sub:001 dlvrd:001 submit date:2611231200 done date:2611231201 stat:${stat} err:000 text:Your SIM`,
        'ascii',
      );
    /** Sends a deliver_sm to the adapter; returns its sequence number. */
    const deliver = (fields: smpp.Params) => {
      const pdu = new smpp.PDU('deliver_sm', {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: '447700900123',
        destination_addr: 'ExampleMob',
        data_coding: 0,
        ...fields,
      });
      session.send(pdu);
      return pdu.sequence_number;
    };
    const answerTo = (sequence: number) => deliverResponses.find((pdu) => pdu.sequence_number === sequence);

    // Receipt text only (SMPP 3.4 Appendix B), as most SMSCs send it.
    const plain = deliver({ esm_class: 0x04, short_message: receiptText(smscId, 'DELIVRD') });
    await waitFor(() => receipts.length === 1 && answerTo(plain) !== undefined, 'the receipt is reported and answered');
    assert.equal(answerTo(plain)!.command_status, 0);
    assert.deepEqual(
      { ...receipts[0], at: undefined },
      {
        messageId: outbox.id,
        smscMessageId: smscId,
        status: 'DELIVRD',
        at: undefined,
      },
    );
    assert.ok(receipts[0]!.at instanceof Date);

    // Receipt TLVs of a two-part message, the receipt's id in decimal where submit_sm_resp was hex.
    const long = message('y'.repeat(200));
    const before = submits.length;
    await sms.send(long);
    const [first, second] = since(before).map((s) => s.messageId!);
    const sequences = [
      deliver({ esm_class: 0x04, receipted_message_id: first, message_state: 5, short_message: Buffer.alloc(0) }),
      deliver({ esm_class: 0x04, short_message: receiptText(BigInt(`0x${second}`).toString(10), 'DELIVRD') }),
      // A receipt for a message this process never sent, a mobile-originated message, and a
      // receipt whose handler fails: all answered, the last with a temporary error.
      deliver({ esm_class: 0x04, short_message: receiptText('ffffffff', 'DELIVRD') }),
      deliver({ esm_class: 0x00, short_message: Buffer.from('STOP', 'ascii') }),
      deliver({ esm_class: 0x04, short_message: receiptText(smscId, 'EXPIRED') }),
    ];
    await waitFor(() => sequences.every((sequence) => answerTo(sequence)), 'every deliver_sm answered');
    assert.deepEqual(
      sequences.map((sequence) => answerTo(sequence)!.command_status),
      [0, 0, 0, 0, smpp.errors.ESME_RX_T_APPN],
    );
    assert.deepEqual(
      receipts.slice(1).map((r) => [r.messageId, r.smscMessageId, r.status]),
      [
        [long.id, first, 'UNDELIV'],
        [long.id, second, 'DELIVRD'],
      ],
    );
  });
  test('two adapters sharing one parts store: the second resumes a half-sent message and reports its receipts', async () => {
    // Two workers (or one worker before and after a restart) have nothing in common but the store;
    // in the system it is the database (test/many-processes.test.ts runs that end to end).
    const shared = memorySubmittedParts();
    const seen: DeliveryReceipt[] = [];
    const first = adapter('s3cret', { submittedParts: shared, onDeliveryReceipt: (r) => void seen.push(r) });
    const text = 'z'.repeat(300) + ' fin';
    const outbox = message(text);
    const start = submits.length;
    smsc.statuses.push(0, smpp.errors.ESME_RTHROTTLED!);
    await assert.rejects(first.send(outbox), /part 2 of 2\) refused/);
    await first.close();

    const second = adapter('s3cret', { submittedParts: shared, onDeliveryReceipt: (r) => void seen.push(r) });
    try {
      await second.send(outbox);
      await second.send(outbox);
      const all = since(start);
      assert.deepEqual(
        all.map((s) => [concatenation(s)[2], s.messageId !== null]),
        [
          [1, true],
          [2, false],
          [2, true],
        ],
        'the second adapter sends only part 2, once',
      );
      assert.equal(reassemble(all.filter((s) => s.messageId !== null)), text, 'one reference: the handset joins them');

      // The SMSC now routes receipts to the second bind: part 1 was accepted by the first adapter.
      const [part1, part2] = all.filter((s) => s.messageId !== null).map((s) => s.messageId!);
      const session = boundSession!;
      // Sequence numbers start again with each bind: only answers on this bind count.
      const answersBefore = deliverResponses.length;
      const sequences = [part1!, part2!].map((id) => {
        const pdu = new smpp.PDU('deliver_sm', {
          source_addr: '447700900123',
          destination_addr: 'ExampleMob',
          esm_class: 0x04,
          data_coding: 0,
          short_message: Buffer.from(
            `id:${id} sub:001 dlvrd:001 submit date:2611231200 done date:2611231201 stat:DELIVRD err:000 text:`,
            'ascii',
          ),
        });
        session.send(pdu);
        return pdu.sequence_number;
      });
      await waitFor(
        () => sequences.every((n) => deliverResponses.slice(answersBefore).some((pdu) => pdu.sequence_number === n)),
        'both receipts answered',
      );
      assert.deepEqual(
        seen.map((r) => [r.messageId, r.smscMessageId, r.status]),
        [
          [outbox.id, part1, 'DELIVRD'],
          [outbox.id, part2, 'DELIVRD'],
        ],
      );
    } finally {
      await second.close();
    }
  });
});
