import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, unwrap } from './api/client';
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

/** Who is signed in, from `GET /auth/session` (a background read: it never extends the idle timer). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery<Session | null>({
    queryKey: ['session'],
    retry: false,
    queryFn: async () => {
      try {
        const session = await unwrap(api.GET('/api/v1/auth/session'));
        setCsrfToken(session.csrfToken);
        return { ...session, receivedAt: Date.now() };
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
        throw error;
      }
    },
  });
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
