import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { changePassword as apiChangePassword, loadSession, restoreSession, signIn as apiSignIn, signOut as apiSignOut, whenSignedOut } from './api';
import type { Person, Role } from './types';

interface AuthState {
  person: Person | null;
  signIn(username: string, password: string): Promise<Person>;
  changePassword(currentPassword: string, newPassword: string): Promise<Person>;
  signOut(): void;
  is(...roles: Role[]): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [person, setPerson] = useState<Person | null>(() => loadSession()?.person ?? null);
  // A reload or a new tab starts without an access token: ask for one with the refresh cookie before routing.
  const [restoring, setRestoring] = useState(() => !loadSession());
  useEffect(() => whenSignedOut(() => setPerson(null)), []);
  useEffect(() => {
    if (!restoring) return;
    void restoreSession().then((session) => {
      setPerson(session?.person ?? null);
      setRestoring(false);
    });
  }, [restoring]);
  const value = useMemo<AuthState>(
    () => ({
      person,
      async signIn(username, password) {
        const session = await apiSignIn(username, password);
        setPerson(session.person);
        return session.person;
      },
      async changePassword(currentPassword, newPassword) {
        const session = await apiChangePassword(currentPassword, newPassword);
        setPerson(session.person);
        return session.person;
      },
      signOut() {
        void apiSignOut();
        setPerson(null);
      },
      is: (...roles) => !!person && roles.includes(person.role),
    }),
    [person],
  );
  return <AuthContext.Provider value={value}>{restoring ? null : children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The page each role starts on. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'supervisor':
      return '/queue';
    case 'leader':
      return '/leader';
    case 'reporter':
    case 'unit-head':
      return '/my';
    default:
      return '/dashboard';
  }
}
