/**
 * The part of the `smpp` package (node-smpp, CommonJS, no published types) that simexit uses.
 * Parameter names are the SMPP specification's, so PDUs are loose records of them.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    type Params = Record<string, unknown>;

    interface PDU {
      command: string;
      command_id: number;
      command_status: number;
      sequence_number: number;
      [param: string]: unknown;
      isResponse(): boolean;
      /** The response PDU for this request (generic_nack for an unknown command). */
      response(options?: Params): PDU;
    }

    type ResponseCallback = (pdu: PDU) => void;
    /** Returns false, without calling back, when the socket is no longer writable. */
    type Operation = (options: Params, responseCallback?: ResponseCallback) => boolean;

    interface Session extends EventEmitter {
      socket: Socket;
      send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      pause(): void;
      resume(): void;
      bind_transceiver: Operation;
      submit_sm: Operation;
      deliver_sm: Operation;
      enquire_link: Operation;
      unbind: Operation;
    }

    interface Server extends NetServer {
      sessions: Session[];
    }

    interface ConnectOptions {
      host: string;
      port: number;
      tls?: boolean;
      auto_enquire_link_period?: number;
    }

    const PDU: new (command: string, options?: Params) => PDU;
    /** SMPP command_status values by name (ESME_ROK, ESME_RINVPASWD, …). */
    const errors: Record<string, number>;
    function connect(options: ConnectOptions, listener?: () => void): Session;
    function createServer(listener: (session: Session) => void): Server;
  }

  export = smpp;
}
