import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, unwrap, whenSessionGone } from './api/client';
import type { components } from './api/schema';

/** Who is signed in, and when (by this device's clock) the answer arrived, for the idle warning. */
export type Session = components['schemas']['SessionView'] & { receivedAt: number };

interface SessionState {
  session: Session | null;
  loading: boolean;
  /** Re-reads who is signed in (after a sign-in step or a sign-out). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Other tabs of this browser hear of a sign-out at once (the message carries no data). */
const SIGNED_OUT = 'signed-out';
const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('referral-desk-session');

/** How often the session is re-read in the background (a read never extends the idle timer). */
const SESSION_CHECK_MS = 60_000;

/** Drops everything the signed-out user had in memory and shows the sign-in page. */
export function forgetSession(client: QueryClient): void {
  // The session query is set, not removed: its observer stays attached and shows the sign-in page.
  client.setQueryData(['session'], null);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
  // Mutations hold what was revealed and what was searched for.
  client.getMutationCache().clear();
  setCsrfToken(undefined);
}

/** Tells this browser's other tabs that the session ended. */
export function announceSignOut(): void {
  channel?.postMessage(SIGNED_OUT);
}

/**
 * Who is signed in, from `GET /auth/session` (a background read: it never extends the idle timer),
 * re-read every minute; a 401 from any call, or a sign-out in another tab, forgets the session at once.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery<Session | null>({
    queryKey: ['session'],
    retry: false,
    refetchInterval: (current) => (current.state.data ? SESSION_CHECK_MS : false),
    queryFn: async () => {
      try {
        const session = await unwrap(api.GET('/api/v1/auth/session'));
        setCsrfToken(session.csrfToken);
        return { ...session, receivedAt: Date.now() };
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          if (client.getQueryData(['session'])) forgetSession(client);
          return null;
        }
        throw error;
      }
    },
  });
  useEffect(() => {
    whenSessionGone(() => forgetSession(client));
    const onMessage = (event: MessageEvent) => event.data === SIGNED_OUT && forgetSession(client);
    channel?.addEventListener('message', onMessage);
    return () => channel?.removeEventListener('message', onMessage);
  }, [client]);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['session'] });
  };
  return <SessionContext.Provider value={{ session: query.data ?? null, loading: query.isPending, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
