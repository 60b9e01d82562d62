import { EventEmitter } from 'node:events';
import type { AgentRefJson } from './schemas.ts';

export type PresenceViewer = AgentRefJson & { typing: boolean };

type Entry = { agent: AgentRefJson; streams: number; typing: boolean; beatAt: number };

/**
 * Who has a ticket open and who is typing, for the console's collision warning. An agent is present while a
 * presence stream of theirs is open or for `ttlMs` after their last heartbeat; typing also lapses after `ttlMs`
 * without a heartbeat, so a closed laptop never leaves a ghost "is typing".
 *
 * The state lives in this process only. With several walletdesk processes behind one address, agents on
 * different processes would not see each other: that needs the changes fanned out between processes, through
 * PostgreSQL LISTEN/NOTIFY or Redis pub/sub (a REDIS_URL setting), with this class as each process's cache.
 */
export class TicketPresence {
  private readonly tickets = new Map<number, Map<number, Entry>>();
  private readonly events = new EventEmitter();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly ttlMs = 30_000, private readonly now: () => number = Date.now) {
    this.events.setMaxListeners(0);
    this.sweeper = setInterval(() => this.sweep(), Math.max(50, Math.floor(ttlMs / 6)));
    this.sweeper.unref();
  }

  viewers(ticketId: number): PresenceViewer[] {
    const entries = [...(this.tickets.get(ticketId)?.values() ?? [])];
    return entries
      .filter((e) => this.isPresent(e))
      .map((e) => ({ ...e.agent, typing: this.isTyping(e) }))
      .sort((a, b) => a.id - b.id);
  }

  /** Calls `listener` with the viewers whenever they change; returns the unsubscribe function. */
  subscribe(ticketId: number, listener: (viewers: PresenceViewer[]) => void): () => void {
    const name = `ticket:${ticketId}`;
    this.events.on(name, listener);
    return () => this.events.off(name, listener);
  }

  /** A presence stream opened; returns what to call when it closes. */
  openStream(ticketId: number, agent: AgentRefJson): () => void {
    this.update(ticketId, agent, (e) => {
      e.streams += 1;
    });
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.update(ticketId, agent, (e) => {
        e.streams -= 1;
        // Leaving the ticket ends the agent's presence at once, not when the heartbeat would have lapsed.
        if (e.streams === 0) e.beatAt = 0;
      });
    };
  }

  heartbeat(ticketId: number, agent: AgentRefJson, typing: boolean): void {
    this.update(ticketId, agent, (e) => {
      e.beatAt = this.now();
      e.typing = typing;
    });
  }

  /** Ends every stream (server shutdown): listeners get `onShutdown`. */
  onShutdown(listener: () => void): () => void {
    this.events.on('shutdown', listener);
    return () => this.events.off('shutdown', listener);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.events.emit('shutdown');
  }

  private isPresent(e: Entry): boolean {
    return e.streams > 0 || this.now() - e.beatAt < this.ttlMs;
  }

  private isTyping(e: Entry): boolean {
    return e.typing && this.now() - e.beatAt < this.ttlMs;
  }

  private fingerprint(ticketId: number): string {
    return JSON.stringify(this.viewers(ticketId));
  }

  private update(ticketId: number, agent: AgentRefJson, change: (e: Entry) => void): void {
    const before = this.fingerprint(ticketId);
    let entries = this.tickets.get(ticketId);
    if (!entries) this.tickets.set(ticketId, (entries = new Map()));
    let entry = entries.get(agent.id);
    if (!entry) entries.set(agent.id, (entry = { agent, streams: 0, typing: false, beatAt: 0 }));
    entry.agent = agent;
    change(entry);
    this.forgetGone(ticketId);
    this.announceIfChanged(ticketId, before);
  }

  private announceIfChanged(ticketId: number, before: string): void {
    if (this.fingerprint(ticketId) !== before) this.events.emit(`ticket:${ticketId}`, this.viewers(ticketId));
  }

  private forgetGone(ticketId: number): void {
    const entries = this.tickets.get(ticketId);
    if (!entries) return;
    for (const [id, e] of entries) if (!this.isPresent(e)) entries.delete(id);
    if (entries.size === 0) this.tickets.delete(ticketId);
  }

  /** Lapsed heartbeats: typing stops, heartbeat-only viewers leave, and subscribers hear of it. */
  private sweep(): void {
    for (const [ticketId, entries] of [...this.tickets]) {
      const stale = [...entries.values()].some((e) => (e.typing && !this.isTyping(e)) || !this.isPresent(e));
      if (!stale) continue;
      // The fingerprint already counts lapsed entries as gone, so compare against what subscribers last saw.
      const before = JSON.stringify([...entries.values()].map((e) => ({ ...e.agent, typing: e.typing })).sort((a, b) => a.id - b.id));
      for (const e of entries.values()) if (!this.isTyping(e)) e.typing = false;
      this.forgetGone(ticketId);
      this.announceIfChanged(ticketId, before);
    }
  }
}
