import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDialects } from '../testing/test-database.ts';
import { useMigratedDatabase } from '../testing/use-migrated-database.ts';
import { BLOB_CHUNK_BYTES, getBlob, putBlob, putBlobFromFile, sha256Hex } from './blobs.ts';

describe.each(testDialects())('blobs larger than a chunk (%s)', (dialect) => {
  const migrated = useMigratedDatabase(dialect);

  it('are stored in chunks and come back byte for byte, from memory or from a file, once per content', async () => {
    const db = migrated.db;
    const data = randomBytes(3 * BLOB_CHUNK_BYTES + 12_345);
    const hash = await putBlob(db, data);
    expect(hash).toBe(sha256Hex(data));
    const row = await db.selectFrom('blobs').select(['chunks', 'size']).where('hash', '=', hash).executeTakeFirstOrThrow();
    expect(row).toEqual({ chunks: 4, size: data.byteLength });
    expect(Buffer.compare((await getBlob(db, hash)) as Buffer, data)).toBe(0);

    // The same bytes again, this time from a spool file: content addressing stores nothing twice.
    const file = path.join(migrated.database.dir, 'same.eml');
    fs.writeFileSync(file, data);
    expect(await putBlobFromFile(db, { path: file, hash, size: data.byteLength })).toBe(hash);
    const chunks = await db.selectFrom('blob_chunks').select('seq').where('hash', '=', hash).execute();
    expect(chunks.map((c) => c.seq).sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);

    // Other bytes from a file: stored, and read back whole.
    const other = randomBytes(BLOB_CHUNK_BYTES + 1);
    fs.writeFileSync(file, other);
    const otherHash = await putBlobFromFile(db, { path: file, hash: sha256Hex(other), size: other.byteLength });
    expect(Buffer.compare((await getBlob(db, otherHash)) as Buffer, other)).toBe(0);
    // A small blob stays in its row, as before chunking.
    const small = await putBlob(db, Buffer.from('small'));
    expect(await db.selectFrom('blobs').select('chunks').where('hash', '=', small).executeTakeFirstOrThrow()).toEqual({ chunks: 0 });
    expect((await getBlob(db, small))?.toString()).toBe('small');
  });
});
