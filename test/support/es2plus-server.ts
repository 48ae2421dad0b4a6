import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * An SM-DP+ for the tests, speaking GSMA SGP.22 ES2+ as its public definitions describe it (§5.3
 * functions, §6.5 JSON binding), written for simexit's tests and run as a separate process on
 * 127.0.0.1, port 0:
 * - `POST /gsma/rsp2/es2plus/cancelOrder` and `/releaseProfile`, with the request header
 *   (`functionRequesterIdentifier`, `functionCallIdentifier`) and `X-Admin-Protocol: gsma/rsp/v2.*`
 *   checked, answering `header.functionExecutionStatus` with SGP.22's status codes: 8.2.1/2.2 ICCID or
 *   finalProfileStatusIndicator missing, 8.2.1/3.9 ICCID unknown, 8.2.1/3.5 the profile is not in a
 *   state the function applies to, 8.1.1/3.10 another EID, 8.2.6/3.10 another matching id;
 * - calls are remembered by (requester, functionCallIdentifier): the same call again answers the first
 *   answer and acts no more;
 * - the SM-DP+'s side of HandleDownloadProgressInfo: it notifies an operator's endpoint.
 *
 * Tests drive it through `/test/*` (not ES2+): the profiles it holds, faults to inject on the next
 * calls (an HTTP status without acting, or acting and then dropping the connection so the answer is
 * lost), the calls it received, and notifications to send.
 */

/** Profile states at an SM-DP+ (SGP.22 §5.3 download order states), with the two final ones. */
export type SmdpProfileState =
  | 'Allocated'
  | 'Linked'
  | 'Confirmed'
  | 'Released'
  | 'Downloaded'
  | 'Installed'
  | 'Error'
  | 'Available'
  | 'Unavailable';

export interface SmdpProfile {
  iccid: string;
  state: SmdpProfileState;
  eid?: string | null;
  matchingId?: string | null;
}

export type Es2plusFault = { kind: 'status'; status: number } | { kind: 'drop_after_executing' };

export interface Es2plusCall {
  function: string;
  requester: string | null;
  functionCallIdentifier: string | null;
  adminProtocol: string | null;
  body: Record<string, unknown>;
  /** executed: acted on (first time); replayed: a call seen before, answered from memory; fault: answered by an injected fault. */
  outcome: 'executed' | 'replayed' | 'fault' | 'refused';
  answer: unknown;
}

interface Answer {
  status: number;
  body: unknown;
}

// ───────────────────────────── the server process ─────────────────────────────

function serve(): void {
  const profiles = new Map<string, SmdpProfile>();
  const calls: Es2plusCall[] = [];
  const remembered = new Map<string, Answer>();
  const faults: Es2plusFault[] = [];

  const executed = (codes?: { subjectCode: string; reasonCode: string; message: string }) => ({
    header: {
      functionExecutionStatus: codes ? { status: 'Failed', statusCodeData: codes } : { status: 'Executed-Success' },
    },
  });
  const refuse = (subjectCode: string, reasonCode: string, message: string) =>
    executed({ subjectCode, reasonCode, message });

  /** The functions, as SGP.22 §5.3.3 and §5.3.4 define their effect and refusals. */
  const functions: Record<string, (body: Record<string, unknown>) => unknown> = {
    cancelOrder(body) {
      const iccid = typeof body.iccid === 'string' ? body.iccid.replace(/[Ff]$/, '') : null;
      const indicator = body.finalProfileStatusIndicator;
      if (!iccid || (indicator !== 'Available' && indicator !== 'Unavailable'))
        return refuse('8.2.1', '2.2', 'ICCID or finalProfileStatusIndicator missing');
      const profile = profiles.get(iccid);
      if (!profile) return refuse('8.2.1', '3.9', 'ICCID unknown');
      if (typeof body.eid === 'string' && profile.eid && body.eid !== profile.eid)
        return refuse('8.1.1', '3.10', 'a different EID is associated with this ICCID');
      if (typeof body.matchingId === 'string' && profile.matchingId && body.matchingId !== profile.matchingId)
        return refuse('8.2.6', '3.10', 'a different matchingId is associated with this ICCID');
      if (profile.state === 'Available' || profile.state === 'Unavailable')
        return refuse('8.2.1', '3.5', `the profile is ${profile.state}: no order to cancel`);
      profile.state = indicator;
      return executed();
    },
    releaseProfile(body) {
      const iccid = typeof body.iccid === 'string' ? body.iccid.replace(/[Ff]$/, '') : null;
      if (!iccid) return refuse('8.2.1', '2.2', 'ICCID missing');
      const profile = profiles.get(iccid);
      if (!profile) return refuse('8.2.1', '3.9', 'ICCID unknown');
      if (profile.state !== 'Confirmed') return refuse('8.2.1', '3.5', 'the profile cannot be released');
      profile.state = 'Released';
      return executed();
    },
  };

  const readJson = (request: IncomingMessage): Promise<unknown> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          resolve(null);
        }
      });
    });
  const send = (response: ServerResponse, answer: Answer) => {
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      'x-admin-protocol': 'gsma/rsp/v2.5.0',
    });
    response.end(JSON.stringify(answer.body));
  };
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);

  const server = createServer((request, response) => {
    void (async () => {
      const url = request.url ?? '/';
      const body = await readJson(request);
      if (url.startsWith('/test/')) return control(url, body, response);
      const match = /^\/gsma\/rsp2\/es2plus\/([A-Za-z]+)$/.exec(url);
      const name = match?.[1];
      const fn = name ? functions[name] : undefined;
      if (request.method !== 'POST' || !fn || !name) return send(response, { status: 404, body: null });
      const adminProtocol = request.headers['x-admin-protocol'];
      const header = isObject(body) && isObject(body.header) ? body.header : {};
      const call: Es2plusCall = {
        function: name,
        requester: typeof header.functionRequesterIdentifier === 'string' ? header.functionRequesterIdentifier : null,
        functionCallIdentifier:
          typeof header.functionCallIdentifier === 'string' ? header.functionCallIdentifier : null,
        adminProtocol: typeof adminProtocol === 'string' ? adminProtocol : null,
        body: isObject(body) ? body : {},
        outcome: 'refused',
        answer: null,
      };
      calls.push(call);
      // SGP.22 §6.5.1: the JSON binding of version 2, with a caller and a call identifier.
      if (!call.adminProtocol?.startsWith('gsma/rsp/v2.') || !isObject(body)) {
        call.answer = refuse('1.3.1', '2.1', 'X-Admin-Protocol gsma/rsp/v2.x and a JSON body expected');
        return send(response, { status: 400, body: call.answer });
      }
      if (!call.requester || !call.functionCallIdentifier) {
        call.answer = refuse('1.1', '2.2', 'functionRequesterIdentifier and functionCallIdentifier are mandatory');
        return send(response, { status: 200, body: call.answer });
      }
      const fault = faults.shift();
      if (fault?.kind === 'status') {
        call.outcome = 'fault';
        return send(response, { status: fault.status, body: { error: 'injected' } });
      }
      const key = `${call.requester}\n${call.functionCallIdentifier}`;
      const earlier = remembered.get(key);
      let answer: Answer;
      if (earlier) {
        call.outcome = 'replayed';
        answer = earlier;
      } else {
        call.outcome = 'executed';
        answer = { status: 200, body: fn(body) };
        remembered.set(key, answer);
      }
      call.answer = answer.body;
      // The function was carried out, but its answer never reaches the caller.
      if (fault?.kind === 'drop_after_executing') return request.socket.destroy();
      send(response, answer);
    })();
  });

  async function control(url: string, body: unknown, response: ServerResponse): Promise<void> {
    const ok = (value: unknown) => send(response, { status: 200, body: value });
    if (url === '/test/profiles' && Array.isArray(body)) {
      for (const profile of body as SmdpProfile[]) profiles.set(profile.iccid, { ...profile });
      return ok({ profiles: profiles.size });
    }
    if (url === '/test/faults' && Array.isArray(body)) {
      faults.push(...(body as Es2plusFault[]));
      return ok({ faults: faults.length });
    }
    if (url === '/test/state') return ok({ calls, profiles: [...profiles.values()], faults: faults.length });
    if (url === '/test/notify' && isObject(body)) {
      // The SM-DP+ calls the operator's HandleDownloadProgressInfo (SGP.22 §5.3.5).
      const target = String(body.target);
      const answer = await fetch(`${target}/gsma/rsp2/es2plus/handleDownloadProgressInfo`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-admin-protocol': 'gsma/rsp/v2.5.0',
          ...(typeof body.secret === 'string' ? { authorization: `Bearer ${body.secret}` } : {}),
        },
        body: JSON.stringify(body.payload),
      });
      const text = await answer.text();
      return ok({ status: answer.status, body: text ? (JSON.parse(text) as unknown) : null });
    }
    send(response, { status: 404, body: null });
  }

  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

// ───────────────────────────── the tests' handle ─────────────────────────────

export interface Es2plusServer {
  url: string;
  addProfiles(profiles: SmdpProfile[]): Promise<void>;
  injectFaults(faults: Es2plusFault[]): Promise<void>;
  state(): Promise<{ calls: Es2plusCall[]; profiles: SmdpProfile[]; faults: number }>;
  /** The SM-DP+ sends HandleDownloadProgressInfo to `target`; answers what the operator answered. */
  notify(target: string, secret: string | null, payload: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** Starts the SM-DP+ in its own process and waits until it listens. */
export async function startEs2plusServer(): Promise<Es2plusServer> {
  const file = fileURLToPath(import.meta.url);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', file, '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the ES2+ test server exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const control = async (path: string, body: unknown = {}) => {
    const response = await fetch(`${url}/test/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.json() as Promise<unknown>;
  };
  return {
    url,
    async addProfiles(profiles) {
      await control('profiles', profiles);
    },
    async injectFaults(faults) {
      await control('faults', faults);
    },
    state: () => control('state') as ReturnType<Es2plusServer['state']>,
    notify: (target, secret, payload) =>
      control('notify', { target, secret, payload }) as ReturnType<Es2plusServer['notify']>,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv.includes('--serve') && process.argv[1] === fileURLToPath(import.meta.url)) serve();
