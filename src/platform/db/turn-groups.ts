import type { Db } from './connect.ts';

/**
 * Gathers, per database, what arrives in one turn of the event loop: the first piece opens a group, which closes
 * on the next turn (after the event loop has handed over everything that arrived with it) and goes to `close`
 * with every piece that joined. The basis of group commits: one transaction, one flush, for a whole group.
 */
export class TurnGroups<T> {
  private readonly open = new WeakMap<Db, T[]>();

  constructor(private readonly close: (db: Db, members: T[]) => void) {}

  join(db: Db, member: T): void {
    let group = this.open.get(db);
    if (!group) {
      const members: T[] = [];
      group = members;
      this.open.set(db, members);
      setImmediate(() => {
        this.open.delete(db);
        this.close(db, members);
      });
    }
    group.push(member);
  }
}
