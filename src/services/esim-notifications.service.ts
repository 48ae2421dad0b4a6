import { insertAudit, insertEvent } from '../db/repositories/cases.repository.js';
import {
  insertEsimNotification,
  latestCaseOfIccid,
  linkEsimNotificationEvent,
} from '../db/repositories/esim.repository.js';
import { notificationPointName, type FunctionExecutionStatus, type StatusCodeData } from '../domain/esim.js';
import { inTransaction, type ServiceContext } from './context.js';

/** ES2+ HandleDownloadProgressInfo's input (SGP.22 §5.3.5), as the route validated it. */
export interface DownloadProgressInfo {
  requesterId: string;
  functionCallIdentifier: string;
  /** Without ES2+'s padding F. */
  iccid: string;
  eid: string | null;
  profileType: string;
  /** When the SM-DP+ says the step happened (W3C date-time, kept as sent). */
  timestamp: string;
  notificationPointId: number;
  notificationPointStatus: { status: FunctionExecutionStatus; statusCodeData?: StatusCodeData };
  resultData: string | null;
}

/**
 * Records what the SM-DP+ reports about a profile (e.g. deleted from the holder's phone) on the case
 * of its card, the newest if the card had several: a timeline entry `esim_notification` that changes
 * nothing about the case's state, and an audit entry. The same call (requester and
 * functionCallIdentifier) sent again is recorded once. A card simexit has no case for answers
 * `unknown_iccid`, which the route turns into ES2+'s "ICCID unknown".
 */
export async function recordDownloadProgressInfo(
  context: ServiceContext,
  info: DownloadProgressInfo,
): Promise<'recorded' | 'repeated' | 'unknown_iccid'> {
  const found = await latestCaseOfIccid(context.db, info.iccid);
  if (!found) return 'unknown_iccid';
  return inTransaction(context, async (tx) => {
    const now = context.clock.now();
    const point = notificationPointName(info.notificationPointId);
    const data = {
      notificationPointId: info.notificationPointId,
      notificationPoint: point,
      status: info.notificationPointStatus.status,
      ...(info.notificationPointStatus.statusCodeData
        ? { statusCodeData: info.notificationPointStatus.statusCodeData }
        : {}),
      eid: info.eid,
      profileType: info.profileType,
      reportedAt: info.timestamp,
      functionCallIdentifier: info.functionCallIdentifier,
    };
    const key = { requesterId: info.requesterId, functionCallIdentifier: info.functionCallIdentifier };
    const stored = await insertEsimNotification(tx, {
      ...key,
      caseId: found.id,
      subscriberId: found.subscriber_id,
      iccid: info.iccid,
      notificationPointId: info.notificationPointId,
      status: info.notificationPointStatus.status,
      receivedAt: now,
      data: { ...data, resultData: info.resultData },
    });
    if (!stored) return 'repeated';
    const actorId = `sm-dp+:${info.requesterId}`;
    const eventId = await insertEvent(tx, {
      caseId: found.id,
      subscriberId: found.subscriber_id,
      type: 'esim_notification',
      from: found.state,
      to: found.state,
      actorKind: 'system',
      actorId,
      reason: point,
      data,
      at: now,
    });
    await linkEsimNotificationEvent(tx, key, eventId);
    await insertAudit(tx, {
      subscriberId: found.subscriber_id,
      actorKind: 'system',
      actorId,
      action: 'case.esim_notification',
      target: `case:${found.id}`,
      data,
      at: now,
    });
    return 'recorded';
  });
}
