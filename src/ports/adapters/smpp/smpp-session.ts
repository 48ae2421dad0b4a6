import smpp from 'smpp';
import { describeStatus } from './pdu-fields.js';

/** bind_transceiver interface_version: we speak SMPP 3.4 (node-smpp would announce 5.0). */
const SMPP_3_4 = 0x34;

/** One connection to the SMSC and its bind. */
export interface Link {
  session: smpp.Session;
  open: boolean;
  /** Rejects each request still waiting for its response when the connection goes. */
  waiting: Set<(error: Error) => void>;
  keepAlive: NodeJS.Timeout | undefined;
  error: Error | null;
}

/** The request never left simexit, so repeating it cannot duplicate anything. */
export class NotSentError extends Error {
  override name = 'NotSentError';
}

export type Operation = 'bind_transceiver' | 'submit_sm' | 'enquire_link' | 'unbind';

export interface SmppSessionOptions {
  /** smpp://system_id:password@host:port (port defaults to 2775, SMPP's IANA port). */
  url: string;
  /** Bind (connect + bind_transceiver_resp) and every request must be answered within this long. */
  timeoutMs: number;
  /** enquire_link period while bound; 0 turns it off. */
  enquireLinkMs: number;
  /** Called for each deliver_sm and data_sm the SMSC sends on a link; it must answer the PDU. */
  onDelivery: (link: Link, pdu: smpp.PDU) => void;
}

export interface SmppSession {
  /** The bound link: the current one, or a new bind (one at a time: concurrent callers share it). */
  bound(): Promise<Link>;
  /** Sends a request and waits for its response; no response within timeoutMs drops the connection. */
  request(link: Link, operation: Operation, params: smpp.Params, onResponse?: smpp.ResponseCallback): Promise<smpp.PDU>;
  /** Whether close() was called: nothing binds again after it. */
  readonly closed: boolean;
  /** Unbinds (so the SMSC stops routing receipts here) and closes the connection. */
  close(): Promise<void>;
}

/**
 * The transceiver bind to the SMSC: binds lazily on the first request and again on the request after
 * the connection dropped. A bind, and each request, that is not answered within timeoutMs fails and
 * drops the connection, since a session with an unanswered request is in an unknown state. The SMSC's
 * enquire_link, unbind and unknown PDUs are answered here; deliveries go to onDelivery.
 */
export function smppSession(options: SmppSessionOptions): SmppSession {
  const url = new URL(options.url);
  if (url.protocol !== 'smpp:') throw new Error('SMPP URL must look like smpp://system_id:password@host:port');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : 2775;
  const systemId = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!host || !systemId) throw new Error('SMPP URL needs a system_id and a host: smpp://system_id:password@host:port');
  const where = `${host}:${port}`;
  const { timeoutMs, enquireLinkMs } = options;

  let current: Link | null = null;
  let binding: Promise<Link> | null = null;
  let closed = false;

  /** Stops using a link at once: the 'close' event can come a loop turn later than the next send. */
  function retire(link: Link) {
    link.open = false;
    clearInterval(link.keepAlive);
    if (current === link) current = null;
  }

  function drop(link: Link) {
    retire(link);
    link.session.destroy();
  }

  /** Sends a request and waits for its response; no response within timeoutMs drops the connection. */
  function request(link: Link, operation: Operation, params: smpp.Params, onResponse?: smpp.ResponseCallback) {
    return new Promise<smpp.PDU>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        link.waiting.delete(fail);
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new Error(`SMPP ${operation} to ${where} got no response within ${timeoutMs} ms`));
        drop(link);
      }, timeoutMs);
      if (!link.open) return fail(new NotSentError(`SMPP connection to ${where} is closed`));
      link.waiting.add(fail);
      try {
        const sent = link.session[operation](params, (pdu) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          link.waiting.delete(fail);
          // Synchronously, before the next PDU: a receipt may follow its submit_sm_resp in the same read.
          onResponse?.(pdu);
          resolve(pdu);
        });
        if (!sent) {
          retire(link);
          fail(new NotSentError(`SMPP connection to ${where} is no longer writable`));
        }
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  function bind(): Promise<Link> {
    return new Promise<Link>((resolve, reject) => {
      const session = smpp.connect({ host, port });
      const link: Link = { session, open: true, waiting: new Set(), keepAlive: undefined, error: null };
      let settled = false;
      const giveUp = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        drop(link);
        reject(error);
      };
      const timer = setTimeout(
        () => giveUp(new Error(`SMPP bind to ${where} got no response within ${timeoutMs} ms`)),
        timeoutMs,
      );

      session.on('error', (error: Error) => {
        link.error = error;
        giveUp(new Error(`SMPP connection to ${where} failed: ${error.message}`));
        drop(link);
      });
      session.on('close', () => {
        retire(link);
        const reason = `SMPP connection to ${where} closed${link.error ? `: ${link.error.message}` : ''}`;
        for (const fail of [...link.waiting]) fail(new Error(reason));
        giveUp(new Error(`${reason} before the bind completed`));
      });
      session.on('deliver_sm', (pdu: smpp.PDU) => options.onDelivery(link, pdu));
      session.on('data_sm', (pdu: smpp.PDU) => options.onDelivery(link, pdu));
      session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: smpp.PDU) => {
        // The SMSC ends the bind (SMPP 3.4 §4.2): answer, and let the next send bind again.
        retire(link);
        session.send(pdu.response());
        session.close();
      });
      session.on('unknown', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('connect', () => {
        request(link, 'bind_transceiver', { system_id: systemId, password, interface_version: SMPP_3_4 }).then(
          (pdu) => {
            if (pdu.command_status !== 0) {
              giveUp(new Error(`SMPP bind_transceiver to ${where} refused: ${describeStatus(pdu.command_status)}`));
              return;
            }
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            if (enquireLinkMs > 0) {
              link.keepAlive = setInterval(() => void request(link, 'enquire_link', {}).catch(() => {}), enquireLinkMs);
              link.keepAlive.unref();
            }
            current = link;
            resolve(link);
          },
          giveUp,
        );
      });
    });
  }

  function bound(): Promise<Link> {
    if (closed) return Promise.reject(new Error('SMPP adapter is closed'));
    if (current?.open) return Promise.resolve(current);
    binding ??= bind().finally(() => {
      binding = null;
    });
    return binding;
  }

  return {
    bound,
    request,
    get closed() {
      return closed;
    },
    async close() {
      closed = true;
      await binding?.catch(() => {});
      const link = current;
      if (!link?.open) return;
      await request(link, 'unbind', {}).catch(() => {});
      retire(link);
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => link.session.destroy(), timeoutMs);
        link.session.socket.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        if (link.session.socket.destroyed) {
          clearTimeout(force);
          resolve();
        } else link.session.close();
      });
    },
  };
}
