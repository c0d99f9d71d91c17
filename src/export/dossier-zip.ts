/**
 * The dossier as a zip (yazl: streams entries from buffers and files without holding the archive
 * in memory, no dependencies, written by the author of yauzl; entries get a fixed time so the same
 * file gives the same zip): the PDF, every original .eml and attachment, the rendered letters,
 * and manifest.json with the SHA-256 and size of every other file in it.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import yazl from 'yazl';
import type { BlobStore } from '../store/blobs.js';
import type { Dossier } from './dossier-model.js';

export interface ManifestEntry { path: string; sha256: string; size: number; document: number | null; what: string }

/** A name safe in every unzip tool: no folders, no control characters, at most 80 characters. */
function safeName(s: string): string {
  const clean = s.replace(/[\u0000-\u001f\u007f"*:<>?\\/|]+/g, '_').replace(/^\.+/, '_').trim();
  return (clean || 'bestand').slice(-80);
}

export function dossierZipEntries(d: Dossier, pdf: Buffer, blobs: BlobStore): { path: string; data: Buffer; document: number | null; what: string }[] {
  const out = [{ path: `${d.caseNumber}-dossier.pdf`, data: pdf, document: null as number | null, what: 'het dossier (PDF)' }];
  const used = new Set<string>();
  const unique = (p: string) => {
    let q = p;
    for (let i = 2; used.has(q); i++) q = p.replace(/(\.[^.]*)?$/, (ext) => `-${i}${ext}`);
    used.add(q);
    return q;
  };
  for (const doc of d.documents) {
    const nn = String(doc.n).padStart(3, '0');
    for (const f of doc.files) {
      const folder = f.role === 'eml' ? 'mail' : 'bijlagen';
      out.push({ path: unique(`${folder}/${nn}-${safeName(f.filename)}`), data: blobs.get(f.sha256), document: doc.n, what: f.role === 'eml' ? 'origineel bericht' : 'bijlage' });
    }
    if (doc.type === 'brief' || doc.type === 'notitie') {
      out.push({ path: unique(`${doc.type === 'brief' ? 'brieven' : 'notities'}/${nn}-${safeName(doc.kind)}.txt`), data: Buffer.from(doc.text, 'utf8'), document: doc.n, what: doc.type === 'brief' ? 'tekst van de brief' : 'interne notitie' });
    }
  }
  return out;
}

/** Write the zip to `file`; returns the manifest. */
export async function writeDossierZip(d: Dossier, pdf: Buffer, blobs: BlobStore, file: string): Promise<ManifestEntry[]> {
  const entries = dossierZipEntries(d, pdf, blobs);
  const manifest: ManifestEntry[] = entries.map((e) => ({
    path: e.path, sha256: createHash('sha256').update(e.data).digest('hex'), size: e.data.length, document: e.document, what: e.what,
  }));
  const zip = new yazl.ZipFile();
  const mtime = new Date(d.exportedAt);
  for (const e of entries) zip.addBuffer(e.data, e.path, { mtime, compress: !e.path.endsWith('.pdf') });
  const json = JSON.stringify({ caseNumber: d.caseNumber, headHash: d.headHash, events: d.events, exportedAt: d.exportedAt, files: manifest }, null, 2);
  zip.addBuffer(Buffer.from(`${json}\n`, 'utf8'), 'manifest.json', { mtime });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
    zip.outputStream.pipe(out);
  });
  return manifest;
}
