import type { AddressInfo } from 'node:net';
import smpp from 'smpp';

/**
 * A minimal SMSC on loopback (node-smpp's server): accepts one ESME bind, records every submit_sm
 * with its decoded text and the time it arrived, and lets a test send mobile-originated messages.
 */
export interface FakeSmsc {
  url: string;
  /** Texts submitted by simexit, concatenated parts joined, with arrival time (performance.now()). */
  messages: { to: string; text: string; at: number; smscIds: string[] }[];
  /** Sends an SMPP 3.4 Appendix B delivery receipt for a message id the SMSC gave out. */
  sendReceipt(smscId: string, stat: string): void;
  sendFromSubscriber(fromE164: string, text: string): number;
  close(): Promise<void>;
}

export async function startSmsc(): Promise<FakeSmsc> {
  let session: smpp.Session | null = null;
  const parts = new Map<string, { total: number; texts: string[]; to: string; ids: string[] }>();
  const messages: FakeSmsc['messages'] = [];
  let nextId = 1;
  const server = smpp.createServer((incoming) => {
    incoming.on('error', () => {});
    incoming.on('bind_transceiver', (pdu: smpp.PDU) => {
      session = incoming;
      incoming.send(pdu.response({ system_id: 'fake-smsc' }));
    });
    incoming.on('enquire_link', (pdu: smpp.PDU) => incoming.send(pdu.response()));
    incoming.on('unbind', (pdu: smpp.PDU) => {
      incoming.send(pdu.response());
      incoming.close();
    });
    incoming.on('deliver_sm_resp', () => {});
    incoming.on('submit_sm', (pdu: smpp.PDU) => {
      const smscId = String(nextId++);
      incoming.send(pdu.response({ message_id: smscId }));
      const field = pdu.short_message as { udh?: Buffer[] | Buffer; message?: string | Buffer } | string;
      const text =
        typeof field === 'string'
          ? field
          : typeof field?.message === 'string'
            ? field.message
            : Buffer.from(field?.message ?? []).toString('latin1');
      const udh =
        typeof field === 'object' && field.udh ? (Array.isArray(field.udh) ? field.udh[0] : field.udh) : undefined;
      const to = `+${String(pdu.destination_addr)}`;
      if (!udh || udh.length < 5) {
        messages.push({ to, text, at: performance.now(), smscIds: [smscId] });
        return;
      }
      // Concatenation IE (TS 23.040 §9.2.3.24.1): reference, total, sequence.
      const reference = `${to}:${udh[udh.length - 3]}`;
      const total = udh[udh.length - 2]!;
      const sequence = udh[udh.length - 1]!;
      const entry = parts.get(reference) ?? { total, texts: [], to, ids: [] };
      entry.texts[sequence - 1] = text;
      entry.ids.push(smscId);
      parts.set(reference, entry);
      if (entry.texts.filter((t) => t !== undefined).length === total) {
        parts.delete(reference);
        messages.push({ to, text: entry.texts.join(''), at: performance.now(), smscIds: entry.ids });
      }
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  return {
    url: `smpp://simexit:secret@127.0.0.1:${port}`,
    messages,
    sendFromSubscriber(fromE164, text) {
      if (!session) throw new Error('no ESME is bound');
      session.send(
        new smpp.PDU('deliver_sm', {
          source_addr_ton: 1,
          source_addr_npi: 1,
          source_addr: fromE164.replace(/^\+/, ''),
          destination_addr: 'simexit',
          data_coding: 0,
          short_message: text,
        }),
      );
      return performance.now();
    },
    sendReceipt(smscId, stat) {
      if (!session) throw new Error('no ESME is bound');
      session.send(
        new smpp.PDU('deliver_sm', {
          source_addr: 'simexit',
          destination_addr: 'simexit',
          esm_class: 0x04,
          data_coding: 0,
          short_message: `id:${smscId} sub:001 dlvrd:001 submit date:2611231000 done date:2611231000 stat:${stat} err:000 text:`,
        }),
      );
    },
    async close() {
      for (const open of [...((server as unknown as { sessions: smpp.Session[] }).sessions ?? [])]) open.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
