import { createContext, useContext } from 'react';
import type { Me } from './account-api.ts';

/** `undefined` while the first GET /me is on its way, `null` when nobody is signed in. */
export type AccountSession = { me: Me | null | undefined; setMe: (me: Me | null) => void };

export const SessionContext = createContext<AccountSession>({ me: undefined, setMe: () => undefined });

export function useSession(): AccountSession {
  return useContext(SessionContext);
}
