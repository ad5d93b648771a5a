import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { loadSession, saveSession, signIn as apiSignIn, whenSignedOut } from './api';
import type { Person, Role } from './types';

interface AuthState {
  person: Person | null;
  signIn(username: string, password: string): Promise<Person>;
  signOut(): void;
  is(...roles: Role[]): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [person, setPerson] = useState<Person | null>(() => loadSession()?.person ?? null);
  useEffect(() => whenSignedOut(() => setPerson(null)), []);
  const value = useMemo<AuthState>(
    () => ({
      person,
      async signIn(username, password) {
        const session = await apiSignIn(username, password);
        setPerson(session.person);
        return session.person;
      },
      signOut() {
        saveSession(null);
        setPerson(null);
      },
      is: (...roles) => !!person && roles.includes(person.role),
    }),
    [person],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
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
