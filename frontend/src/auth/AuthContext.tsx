// Who is signed in. The session cookie is the truth: on load the app asks /api/auth/csrf/ whether
// it signs anyone in and, if so, /api/auth/me/ who; and
// any API call answered "not authenticated" later turns the state into "expired".
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, onUnauthenticated } from '../api/client';
import { auth } from '../api/endpoints';
import type { User } from '../api/types';

/** `deleted`: signed out because the account was just deleted ("delete my data"). */
export type AuthStatus = 'loading' | 'signedOut' | 'signedIn' | 'expired' | 'unreachable' | 'deleted';

export interface AuthValue {
  status: AuthStatus;
  user: User | null;
  signIn: (username: string, password: string) => Promise<void>;
  signUp: (username: string, email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** After "delete my data": the account is gone, the browser is signed out. */
  forget: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User | null>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const { signed_in: signedIn } = await auth.csrf();
        if (signedIn === false) {
          // A visitor: asking /me/ would only earn a 401, which the browser logs as an error.
          // (A server that does not say, an older one mid-deploy, is asked as before.)
          if (!cancelled) setStatus('signedOut');
          return;
        }
        const me = await auth.me();
        if (!cancelled) {
          setUser(me);
          setStatus('signedIn');
        }
      } catch (error) {
        if (cancelled) return;
        setStatus(error instanceof ApiError && error.isUnauthenticated ? 'signedOut' : 'unreachable');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(
    () => onUnauthenticated(() => setStatus((current) => (current === 'signedIn' ? 'expired' : current))),
    [],
  );

  const signIn = useCallback(async (username: string, password: string) => {
    await auth.csrf();
    const me = await auth.signIn({ username, password });
    setUser(me);
    setStatus('signedIn');
  }, []);

  const signUp = useCallback(async (username: string, email: string, password: string) => {
    await auth.csrf();
    const me = await auth.signUp({ username, email, password });
    setUser(me);
    setStatus('signedIn');
  }, []);

  const signOut = useCallback(async () => {
    try {
      await auth.signOut();
    } catch (error) {
      if (!(error instanceof ApiError && error.isUnauthenticated)) throw error;
    }
    setUser(null);
    setStatus('signedOut');
  }, []);

  const forget = useCallback(() => {
    setUser(null);
    setStatus('deleted');
  }, []);

  const value = useMemo(
    () => ({ status, user, signIn, signUp, signOut, forget }),
    [status, user, signIn, signUp, signOut, forget],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth needs an <AuthProvider> above it.');
  return value;
}

