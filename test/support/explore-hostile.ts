import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { ingestBench } from './ingest-harness.js';

const dir = join(PROJECT_ROOT, 'test', 'fixtures', 'hostile');
for (const f of readdirSync(dir).sort()) {
  const b = ingestBench();
  try {
    const t0 = Date.now();
    const r = await b.receive(readFileSync(join(dir, f)));
    const msg = b.db().prepare(`SELECT kind, status, reason, subject, from_addr FROM messages WHERE direction='in' ORDER BY id DESC LIMIT 1`).get() as any;
    const notice = b.db().prepare(`SELECT facts FROM outbox WHERE template='new-complaint-notice'`).get() as any;
    const text = notice ? (JSON.parse(notice.facts).complaintText as string) : '';
    const att = b.db().prepare(`SELECT filename, content_type FROM attachments`).all() as any[];
    console.log(`${f}: ${r.target}/${r.kind} ${Date.now()-t0}ms | ${msg?.status} ${msg?.reason ?? ''} | from=${msg?.from_addr} subj=${JSON.stringify((msg?.subject ?? '').slice(0, 80))} | text=${JSON.stringify(text.slice(0, 140))} | att=${JSON.stringify(att.map(a => a.filename + ':' + a.content_type))}`);
  } catch (e) {
    console.log(`${f}: THREW ${(e as Error).stack}`);
  } finally { b.close(); }
}
