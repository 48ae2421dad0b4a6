import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setCsrfToken, whenSessionLost } from './api';
import type { SessionKind, StaffRole } from '../../src/domain/actors.js';

export interface SessionInfo {
  kind: SessionKind;
  scope: 'line' | 'account' | null;
  msisdns: string[] | null;
  /** Staff only: the role signed in with. */
  role: StaffRole | null;
  expiresAt: string;
  csrfToken: string;
}

interface SessionState {
  status: 'loading' | 'signed_out' | 'signed_in';
  session: SessionInfo | null;
  /** True when a session ended under the holder (expired, signed out elsewhere). */
  lost: boolean;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * Knows whether the browser holds a live session of `kind` — the portal's subscriber session or the
 * console's staff session (the cookie itself is invisible to scripts).
 */
export function SessionProvider({ children, kind = 'subscriber' }: { children: ReactNode; kind?: SessionKind }) {
  const [status, setStatus] = useState<SessionState['status']>('loading');
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [lost, setLost] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const { session: info } = await api<{ session: SessionInfo | null }>(
        'GET',
        `/v1/auth/sessions/current?kind=${kind}`,
      );
      if (!info) throw new Error('signed out');
      setCsrfToken(info.csrfToken);
      setSession(info);
      setStatus('signed_in');
      setLost(false);
    } catch {
      setCsrfToken(null);
      setSession(null);
      setStatus('signed_out');
    }
  }, [kind]);

  const signOut = useCallback(async () => {
    try {
      await api('DELETE', `/v1/auth/sessions/current?kind=${kind}`);
    } finally {
      setCsrfToken(null);
      setSession(null);
      setStatus('signed_out');
    }
  }, [kind]);

  useEffect(() => {
    whenSessionLost(() => {
      setCsrfToken(null);
      setSession(null);
      setStatus((was) => {
        if (was === 'signed_in') setLost(true);
        return 'signed_out';
      });
    });
    void refresh();
  }, [refresh]);

  return (
    <SessionContext.Provider value={{ status, session, lost, refresh, signOut }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
