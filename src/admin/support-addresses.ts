import type { Db } from '../platform/db/connect.ts';
import type { AliasJson } from './schemas.ts';

export type AddressSettings = { supportAddress: string; acceptedAddresses: string[] };

/**
 * The addresses the desk takes mail for: the configured ones (WALLETDESK_SUPPORT_ADDRESS and _ALIASES, fixed until
 * a restart) and the aliases admins add in the console (the support_aliases table).
 *
 * SMTP intake asks on every RCPT, so the table is read through a short cache: one query per few seconds however
 * busy the mailbox is. A change made through this object is seen at once in this process; other processes on the
 * same PostgreSQL see it when their cache runs out.
 */
export class SupportAddresses {
  private readonly configured: Set<string>;
  private cached?: { addresses: Set<string>; at: number };
  private loading?: Promise<Set<string>>;
  /** Bumped on every local change, so a read that started before the change never fills the cache. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    readonly settings: AddressSettings,
    private readonly cacheMs = 5_000,
  ) {
    this.configured = new Set(settings.acceptedAddresses.map((a) => a.toLowerCase()));
  }

  /** Whether mail to the address is ours. Rejects when the table cannot be read (intake then answers 4xx). */
  async accepts(address: string): Promise<boolean> {
    const lower = address.toLowerCase();
    return this.configured.has(lower) || (await this.stored()).has(lower);
  }

  async list(): Promise<AliasJson[]> {
    const stored = await this.db.selectFrom('support_aliases').select('address').orderBy('address').execute();
    return [
      ...this.settings.acceptedAddresses.filter((a) => a !== this.settings.supportAddress).map((address) => ({ address, source: 'configuration' as const })),
      ...stored.map((row) => ({ address: row.address, source: 'console' as const })),
    ];
  }

  /** `address` is lowercased already (the route's schema does it). */
  async add(address: string, agentId: number): Promise<'added' | 'exists'> {
    if (this.configured.has(address)) return 'exists';
    const row = await this.db
      .insertInto('support_aliases')
      .values({ address, created_by: agentId, created_at: Date.now() })
      .onConflict((oc) => oc.column('address').doNothing())
      .returning('address')
      .executeTakeFirst();
    this.invalidate();
    return row ? 'added' : 'exists';
  }

  async remove(address: string): Promise<'removed' | 'not_found' | 'configured'> {
    if (this.configured.has(address)) return 'configured';
    const result = await this.db.deleteFrom('support_aliases').where('address', '=', address).executeTakeFirst();
    this.invalidate();
    return Number(result.numDeletedRows) > 0 ? 'removed' : 'not_found';
  }

  private invalidate(): void {
    this.generation++;
    this.cached = undefined;
    this.loading = undefined;
  }

  private stored(): Promise<Set<string>> {
    if (this.cached && Date.now() - this.cached.at < this.cacheMs) return Promise.resolve(this.cached.addresses);
    if (this.loading) return this.loading;
    const generation = this.generation;
    // Concurrent RCPTs share one query.
    const loading = this.db
      .selectFrom('support_aliases')
      .select('address')
      .execute()
      .then((rows) => {
        const addresses = new Set(rows.map((r) => r.address));
        if (generation === this.generation) this.cached = { addresses, at: Date.now() };
        return addresses;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }
}
