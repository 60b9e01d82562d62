import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';
import type { Dialect } from '../connect.ts';

/**
 * Large blobs (a 24 MB mail, its attachments) are stored as a run of chunks, so neither writing nor reading one
 * needs the whole of it in memory as a single statement parameter. `blobs.chunks` is how many there are (0: the
 * bytes are in `blobs.data` as before, which stays the way small blobs are kept).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.alterTable('blobs').addColumn('chunks', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('blob_chunks')
    .addColumn('hash', 'text', (c) => c.notNull().references('blobs.hash'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', t.binary, (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_chunks_pk', ['hash', 'seq'])
    .execute();
}
