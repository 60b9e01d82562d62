import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What a spool holds once the last byte is in: small data in memory, anything larger in a file. */
export type Spooled =
  | { kind: 'memory'; data: Buffer; hash: string; size: number }
  | { kind: 'file'; path: string; hash: string; size: number };

/**
 * Takes bytes as they arrive (a mail during SMTP DATA) without holding them all: the first `memoryBytes` stay in
 * memory, which is where almost every mail ends, and past that everything goes to a file of its own in `dir`
 * (0600, in a 0700 folder: it is customer mail). The SHA-256 is computed on the way, so storing the result needs no
 * second pass to name it.
 *
 * The file is not fsynced: it is only a staging area. What makes a mail durable is the database commit that copies
 * it (storeInbound), and only after that commit does the sender hear 250; a crash before it loses nothing the
 * sender will not send again.
 */
export class Spool {
  private readonly chunks: Buffer[] = [];
  private readonly hash = createHash('sha256');
  private size = 0;
  private file: { path: string; handle: fs.promises.FileHandle } | undefined;

  constructor(
    private readonly dir: string,
    private readonly memoryBytes: number,
  ) {}

  /** One write at a time: the caller waits for each (and so pauses its source) before the next. */
  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.size += chunk.byteLength;
    if (this.file) {
      await this.file.handle.write(chunk);
      return;
    }
    this.chunks.push(chunk);
    if (this.size <= this.memoryBytes) return;
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${process.pid}-${randomBytes(12).toString('hex')}.eml`);
    this.file = { path: file, handle: await fs.promises.open(file, 'wx', 0o600) };
    const held = this.chunks.splice(0);
    for (const c of held) await this.file.handle.write(c);
  }

  async finish(): Promise<Spooled> {
    const hash = this.hash.digest('hex');
    if (!this.file) return { kind: 'memory', data: Buffer.concat(this.chunks, this.size), hash, size: this.size };
    await this.file.handle.close();
    return { kind: 'file', path: this.file.path, hash, size: this.size };
  }

  /** Removes the file, if there is one; safe to call more than once, and after finish. */
  async discard(): Promise<void> {
    this.chunks.length = 0;
    if (!this.file) return;
    const { path: file, handle } = this.file;
    await handle.close().catch(() => {});
    await fs.promises.rm(file, { force: true });
  }
}

/**
 * Removes spool files older than `olderThanMs`: left by a process that died mid-message (its sender was never told
 * 250 and sends again). Younger files may belong to a live session of another process sharing the folder.
 */
export async function sweepSpool(dir: string, olderThanMs: number, now = Date.now()): Promise<void> {
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith('.eml')) continue;
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat && now - stat.mtimeMs > olderThanMs) await fs.promises.rm(file, { force: true });
  }
}
