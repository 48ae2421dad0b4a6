import type { Decisions } from './types';
import { noDecisions } from '../../src/domain/line.js';

/**
 * The holder's choices on the checklist, kept in sessionStorage between the checklist and the
 * confirmation page (and across a reload), never beyond the browser tab.
 */
const key = (msisdn: string) => `simexit.decisions.${msisdn}`;

export function loadDecisions(msisdn: string): Decisions {
  try {
    const saved = window.sessionStorage.getItem(key(msisdn));
    return saved ? { ...noDecisions, ...(JSON.parse(saved) as Partial<Decisions>) } : noDecisions;
  } catch {
    return noDecisions;
  }
}

export function saveDecisions(msisdn: string, decisions: Decisions) {
  window.sessionStorage.setItem(key(msisdn), JSON.stringify(decisions));
}

export function forgetDecisions(msisdn: string) {
  window.sessionStorage.removeItem(key(msisdn));
}
