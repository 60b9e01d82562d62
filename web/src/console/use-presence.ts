import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../shared/api.ts';
import type { Viewer } from './types.ts';

/**
 * Who else has this ticket open, from the presence stream; `typing()` tells the others we are writing, at most
 * every few seconds. A missing presence route leaves the list empty rather than breaking the ticket.
 */
export function usePresence(ticketId: number, selfId: number) {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const lastSent = useRef(0);
  useEffect(() => {
    setViewers([]);
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/tickets/${ticketId}/presence`);
    source.addEventListener('presence', (event) => {
      try {
        const data = JSON.parse((event as MessageEvent<string>).data) as { viewers: Viewer[] };
        setViewers(data.viewers.filter((v) => v.id !== selfId));
      } catch {
        // a malformed event changes nothing
      }
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setViewers([]);
    };
    return () => source.close();
  }, [ticketId, selfId]);

  const typing = useCallback(
    (now: boolean) => {
      const at = Date.now();
      if (now && at - lastSent.current < 3000) return;
      lastSent.current = now ? at : 0;
      void api(`/api/v1/tickets/${ticketId}/presence`, { method: 'POST', json: { typing: now } }).catch(() => undefined);
    },
    [ticketId],
  );
  return { viewers, typing };
}
