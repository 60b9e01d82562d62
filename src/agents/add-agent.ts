import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';

export const agentRole = z.enum(['agent', 'admin']);

export const newAgent = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('email must be an email address')),
  role: agentRole,
  name: z.string().trim().max(200).optional(),
  password: z.string().min(12, 'password must be at least 12 characters').max(1024),
  /** The agent must sign in with TOTP (enrolling at first sign-in). */
  require_totp: z.boolean().optional(),
});

export type NewAgent = z.infer<typeof newAgent>;

// OWASP's Argon2id floor (19 MiB, 2 passes) with a little more memory; about 40 ms on this kind of machine.
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456 * 2, timeCost: 2, parallelism: 1 } as const;

export class AgentExistsError extends Error {}

export async function addAgent(db: Db, input: NewAgent): Promise<number> {
  const passwordHash = await hash(input.password, ARGON2_OPTIONS);
  const row = await db
    .insertInto('agents')
    .values({
      email: input.email,
      name: input.name ?? null,
      role: input.role,
      password_hash: passwordHash,
      active: 1,
      require_totp: input.require_totp ? 1 : 0,
      created_at: Date.now(),
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AgentExistsError(`an agent with email ${input.email} exists already`);
  return row.id;
}
