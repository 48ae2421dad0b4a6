import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { z } from 'zod';
import {
  ES2PLUS_ADMIN_PROTOCOL,
  es2plusCodes,
  functionExecutionStatuses,
  type StatusCodeData,
} from '../../../domain/esim.js';
import { EsimFunctionFailedError, type EsimPort } from '../../ports.js';
import { jsonClient, OutsideSystemUnavailableError, type JsonClientOptions } from './json-client.js';

/**
 * The operator's SM-DP+ over GSMA SGP.22 ES2+ (§5.3 functions, §6.5 JSON binding): each function is
 * `POST {ES2PLUS_URL}/gsma/rsp2/es2plus/<function>` with `X-Admin-Protocol: gsma/rsp/v2.<x>.<y>`, a JSON
 * body whose `header` names the caller (`functionRequesterIdentifier`, the identifier the SM-DP+ gave
 * the operator) and the call (`functionCallIdentifier`), and an answer whose
 * `header.functionExecutionStatus` says Executed-Success, Executed-WithWarning, Failed or Expired, with
 * `statusCodeData` (subjectCode, reasonCode, subjectIdentifier, message) when it is not a plain
 * success. ES2+ runs over mutually authenticated TLS: the client certificate, key and CA are files
 * named by the settings, loaded once into the connection agent.
 */
export interface Es2plusOptions extends Omit<JsonClientOptions, 'system' | 'token' | 'agent'> {
  /** The SM-DP+'s ES2+ base URL (the part before /gsma/rsp2/es2plus). */
  baseUrl: string;
  /** functionRequesterIdentifier: who simexit is at the SM-DP+. */
  requesterId: string;
  /** PEM files for mutual TLS: simexit's certificate and key, and the CA the SM-DP+'s certificate chains to. */
  tls: { certFile?: string; keyFile?: string; caFile?: string };
}

const statusCodeDataSchema = z.looseObject({
  subjectCode: z.string(),
  reasonCode: z.string(),
  subjectIdentifier: z.string().optional(),
  message: z.string().optional(),
});
const answerSchema = z.looseObject({
  header: z.looseObject({
    functionExecutionStatus: z.looseObject({
      status: z.enum(functionExecutionStatuses),
      statusCodeData: statusCodeDataSchema.optional(),
    }),
  }),
});

/** The agent that carries the TLS settings (an https.Agent with cert/key/ca when any is set). */
export function es2plusAgent(url: string, tls: Es2plusOptions['tls']): HttpAgent {
  if (new URL(url).protocol !== 'https:') return new HttpAgent({ keepAlive: true });
  const read = (file: string | undefined) => (file ? readFileSync(file) : undefined);
  return new HttpsAgent({ keepAlive: true, cert: read(tls.certFile), key: read(tls.keyFile), ca: read(tls.caFile) });
}

/**
 * The ES2+ call identifier of a simexit key: the key itself (`release_esim_profile:<caseId>`), so the
 * SM-DP+'s logs name the case and a repeat after a crash is the same call.
 */
export const functionCallIdentifierOf = (key: string): string => key;

const sameCodes = (data: StatusCodeData | undefined, codes: StatusCodeData) =>
  data?.subjectCode === codes.subjectCode && data.reasonCode === codes.reasonCode;

export function es2plusEsim(options: Es2plusOptions): { esim: EsimPort; client: ReturnType<typeof jsonClient> } {
  const client = jsonClient({
    ...options,
    system: 'esim',
    token: null,
    agent: es2plusAgent(options.baseUrl, options.tls),
  });
  return {
    client,
    esim: {
      async releaseProfile(profile, key, attempt) {
        const functionCallIdentifier = functionCallIdentifierOf(key);
        const { status, body } = await client.call({
          method: 'POST',
          path: '/gsma/rsp2/es2plus/cancelOrder',
          headers: { 'x-admin-protocol': ES2PLUS_ADMIN_PROTOCOL },
          // The same functionCallIdentifier on every attempt: repeating it is asking the same thing.
          repeatable: true,
          // A 4xx is the SM-DP+ refusing the request itself (certificate, format): retrying will not help.
          accept: [400, 401, 403, 404, 405, 415],
          body: {
            header: { functionRequesterIdentifier: options.requesterId, functionCallIdentifier },
            iccid: profile.iccid,
            ...(profile.eid ? { eid: profile.eid } : {}),
            ...(profile.matchingId ? { matchingId: profile.matchingId } : {}),
            finalProfileStatusIndicator: profile.finalProfileStatusIndicator,
          },
        });
        if (status >= 400) throw new EsimFunctionFailedError('cancelOrder', `HTTP ${status}`, null);
        const parsed = answerSchema.safeParse(body);
        if (!parsed.success)
          throw new OutsideSystemUnavailableError('esim', 'answer without an ES2+ functionExecutionStatus');
        const execution = parsed.data.header.functionExecutionStatus;
        const codes = execution.statusCodeData ?? null;
        switch (execution.status) {
          case 'Executed-Success':
          case 'Executed-WithWarning':
            return { functionCallIdentifier, status: execution.status, statusCodeData: codes };
          case 'Expired':
            // The SM-DP+ did not execute the function in time: asking again later may succeed.
            throw new OutsideSystemUnavailableError('esim', 'cancelOrder expired at the SM-DP+');
          case 'Failed':
            if (attempt.repeated && sameCodes(execution.statusCodeData, es2plusCodes.invalidTransition))
              return { functionCallIdentifier, status: 'AlreadyFinal', statusCodeData: codes };
            throw new EsimFunctionFailedError('cancelOrder', execution.status, codes);
        }
      },
    },
  };
}
