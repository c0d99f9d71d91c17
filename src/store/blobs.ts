/**
 * Content-addressed blob store under DATA_DIR/blobs: raw .eml files and attachments, named by
 * the SHA-256 of their bytes. Writing the same content twice is a no-op, so a retried ingest
 * never duplicates a file. Written to a temp name and renamed, so a crash never leaves half a blob.
 */
import { createHash, randomBytes } from 'node:crypto';
import { close, existsSync, fsync, mkdirSync, open, readFileSync, rename, renameSync, write, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const openAsync = promisify(open);
const writeAsync = (fd: number, data: Buffer, off: number, len: number) =>
  new Promise<number>((resolve, reject) => write(fd, data, off, len, null, (err, n) => (err ? reject(err) : resolve(n))));
const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);
const renameAsync = promisify(rename);

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export class BlobStore {
  /** Fan-out directories known to exist (created once). */
  private readonly dirs = new Set<string>();

  constructor(private readonly root: string) {}

  pathOf(hash: string): string {
    return join(this.root, hash.slice(0, 2), hash.slice(2));
  }

  /**
   * Where `data` goes: its hash, and (when it is not stored yet) its fan-out folder, created
   * once, and a temp name to write it under before renaming it into place.
   */
  private slot(data: Buffer): { hash: string; target: string; dir: string; tmp: string } | { hash: string; target: null } {
    const hash = sha256(data);
    const target = this.pathOf(hash);
    if (existsSync(target)) return { hash, target: null };
    const dir = join(this.root, hash.slice(0, 2));
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    return { hash, target, dir, tmp: `${target}.${randomBytes(4).toString('hex')}.tmp` };
  }

  /** Store `data` and return its SHA-256 hex; fsyncs by writing with the 'w' flag then renaming. */
  put(data: Buffer): string {
    const s = this.slot(data);
    if (s.target === null) return s.hash;
    mkdirSync(s.dir, { recursive: true }); // cheap when it exists; the folder may have gone behind our back
    writeFileSync(s.tmp, data, { flush: true });
    renameSync(s.tmp, s.target);
    return s.hash;
  }

  /**
   * As put(), off the event loop (libuv's threads): creating a file costs ~0.8 ms of kernel time
   * on this kind of VM and an fsync more, which held the loop per message (bench:ingest profile).
   * The existence check stays synchronous: a rejected fs.promises.access builds an Error.
   */
  async putAsync(data: Buffer): Promise<string> {
    const s = this.slot(data);
    if (s.target === null) return s.hash;
    const fd = await openAsync(s.tmp, 'w').catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      mkdirSync(s.dir, { recursive: true }); // removed behind our back
      return openAsync(s.tmp, 'w');
    });
    try {
      for (let off = 0; off < data.length; ) off += await writeAsync(fd, data, off, data.length - off);
      await fsyncAsync(fd);
    } finally {
      await closeAsync(fd);
    }
    await renameAsync(s.tmp, s.target);
    return s.hash;
  }

  get(hash: string): Buffer {
    return readFileSync(this.pathOf(hash));
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  delete(hash: string): void {
    rmSync(this.pathOf(hash), { force: true });
  }
}
