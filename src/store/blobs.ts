/**
 * Content-addressed blob store under DATA_DIR/blobs: raw .eml files and attachments, named by
 * the SHA-256 of their bytes. Writing the same content twice is a no-op, so a retried ingest
 * never duplicates a file. Written to a temp name and renamed, so a crash never leaves half a blob.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const exists = (p: string) => access(p).then(() => true, () => false);

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export class BlobStore {
  constructor(private readonly root: string) {}

  pathOf(hash: string): string {
    return join(this.root, hash.slice(0, 2), hash.slice(2));
  }

  /** Store `data` and return its SHA-256 hex; fsyncs by writing with the 'w' flag then renaming. */
  put(data: Buffer): string {
    const hash = sha256(data);
    const target = this.pathOf(hash);
    if (existsSync(target)) return hash;
    mkdirSync(join(this.root, hash.slice(0, 2)), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, data, { flush: true });
    renameSync(tmp, target);
    return hash;
  }

  /**
   * As put(), off the event loop (libuv's threads): several blobs' fsyncs can be under way at
   * once while the service parses (bench:ingest: synchronous writes held the loop per message).
   */
  async putAsync(data: Buffer): Promise<string> {
    const hash = sha256(data);
    const target = this.pathOf(hash);
    if (await exists(target)) return hash;
    await mkdir(join(this.root, hash.slice(0, 2)), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, data, { flush: true });
    await rename(tmp, target);
    return hash;
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
