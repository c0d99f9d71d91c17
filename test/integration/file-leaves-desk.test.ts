/**
 * Legal hold and access requests (issue 17) on a real SQLite store, with the commissioner's
 * commands entering as mail through receiveMessage and a clock the test moves.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { receiveMessage } from '../../src/mail-in/receive-message.js';
import { buildAccessExport } from '../../src/export/subject-access-model.js';
import { LetterRenderer } from '../../src/mail-out/render.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { holdsOf } from '../../src/store/holds-repo.js';
import { formatPurgeReport, purgeCases } from '../../src/use-cases/purge-cases.js';
import { verifyCases } from '../../src/use-cases/verify-file.js';
import { COMMISSIONER, eml } from '../support/harness.js';
import { termsBench, type TermsBench } from '../support/terms-bench.js';

async function says(b: TermsBench, subject: string, text = ''): Promise<void> {
  const raw = Buffer.from(eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text, messageId: `cmd-${randomUUID()}@praktijk.test` }), 'utf8');
  await receiveMessage(b.ctx, { raw, size: raw.length, truncated: false, receivedAt: b.clock.now(), source: null });
}

const receipts = (b: TermsBench) => b.ctx.store.db.prepare(`SELECT facts FROM outbox WHERE template = 'command-reply' ORDER BY id`).pluck().all() as string[];

describe('legal hold and access requests', function () {
  this.timeout(30_000);
  let b: TermsBench;
  afterEach(() => b?.close());

  it('when a closed case is held, then a purge at 24 months + 1 day keeps it (listed apart in the dry run), and once lifted the next run purges it', async () => {
    b = termsBench('2024-03-04T09:00:00Z');
    const caseId = await b.complaint({ subject: 'Klacht die naar de rechter gaat' });
    const n = b.ctx.store.cases.get(caseId)!.number;
    await says(b, `[${n}] #geen-klacht`);
    await says(b, `[${n}] #sluit`);
    await says(b, `[${n}] #bewaar geschilleninstantie vraagt het dossier op`);
    expect(JSON.parse(receipts(b).at(-1)!).ok, receipts(b).at(-1)).to.equal(true);
    expect(holdsOf(b.ctx.store).ofCase(caseId)).to.have.length(1);

    b.clock.set(new Date('2026-03-05T10:00:00Z')); // 24 months and a day after closing
    const dry = await purgeCases(b.ctx, null, { dryRun: true });
    expect(dry.cases).to.deep.equal([]);
    expect(dry.held.map((h) => h.caseNumber)).to.deep.equal([n]);
    expect(formatPurgeReport(dry)).to.include('kept by a legal hold').and.include(`${n}  closed 2024-03-04, due 2026-03-04: held until lifted`);
    const run = await purgeCases(b.ctx, null);
    expect(run.cases).to.deep.equal([]);
    expect(b.ctx.store.cases.get(caseId)!.state).to.equal('closed');

    b.clock.set(new Date('2026-03-06T10:00:00Z'));
    await says(b, `[${n}] #bewaar-opheffen`);
    expect(JSON.parse(receipts(b).at(-1)!).ok).to.equal(true);
    b.clock.set(new Date('2026-03-06T11:00:00Z'));
    const after = await purgeCases(b.ctx, null);
    expect(after.cases.map((c) => c.caseNumber)).to.deep.equal([n]);
    expect(b.ctx.store.cases.get(caseId)!.state).to.equal('purged');
    expect(verifyCases(b.ctx.store, n)[0]!.ok).to.equal(true);
  });

  it('when a hold has a date, then the purge waits until the day after it; #bewaar without a reason is refused', async () => {
    b = termsBench('2024-03-04T09:00:00Z');
    const caseId = await b.complaint();
    const n = b.ctx.store.cases.get(caseId)!.number;
    await says(b, `[${n}] #bewaar tot 2026-13-01 rechter`);
    expect(JSON.parse(receipts(b).at(-1)!).ok).to.equal(false);
    await says(b, `[${n}] #bewaar tot 2026-04-01`);
    expect(JSON.parse(receipts(b).at(-1)!).ok).to.equal(false);
    await says(b, `[${n}] #geen-klacht`);
    await says(b, `[${n}] #sluit`);
    await says(b, `[${n}] #bewaar tot 2026-04-01 rechtbank Amsterdam`);
    b.clock.set(new Date('2026-04-01T10:00:00Z'));
    expect((await purgeCases(b.ctx, null, { dryRun: true })).held.map((h) => h.until)).to.deep.equal(['2026-04-01']);
    b.clock.set(new Date('2026-04-02T10:00:00Z'));
    expect((await purgeCases(b.ctx, null)).cases.map((c) => c.caseNumber)).to.deep.equal([n]);
  });

  it('when a klager with two cases, beklaagde in a third, asks for access, then the export holds exactly their documents, no other party\'s identity, and the term is tracked', async () => {
    b = termsBench('2026-03-02T09:00:00Z');
    const x = 'anna.de.vries@example.test';
    const first = await b.complaint({ from: x, fromName: 'Anna de Vries', subject: 'Eerste klacht', text: 'Mijn eerste klacht over de wachttijd.' });
    const n1 = b.ctx.store.cases.get(first)!.number;
    await says(b, `[${n1}] #beklaagde Bert Geheim <bert.geheim@example.test>`);
    await says(b, `[${n1}] #notitie intern: Anna lijkt boos, eerst bellen`);
    await says(b, `[${n1}] #uitspraak ongegrond`, 'Geen fout gevonden bij Bert Geheim.');
    await says(b, `[${n1}] #sluit`);
    const second = await b.complaint({ from: x, fromName: 'Anna de Vries', subject: 'Tweede klacht', text: 'Ook een tweede klacht.' });
    const n2 = b.ctx.store.cases.get(second)!.number;
    const third = await b.complaint({ from: 'carla.anders@example.test', fromName: 'Carla Anders', subject: 'Klacht over Anna', text: 'Anna de Vries was onvriendelijk.' });
    const n3 = b.ctx.store.cases.get(third)!.number;
    await says(b, `[${n3}] #beklaagde Anna de Vries <${x}>`);
    await says(b, `#inzage ${x}`);
    const open = holdsOf(b.ctx.store).openAccessRequests();
    expect(open.map((r) => [r.email, r.due_date])).to.deep.equal([[x, '2026-04-02']]);

    const exp = buildAccessExport({
      store: b.ctx.store, renderer: new LetterRenderer(TEMPLATES_DIR), timeZone: 'Europe/Amsterdam', practiceName: 'Praktijk LUX',
      commissionerName: 'M. Roozmond', commissionerEmails: [COMMISSIONER], mailFrom: b.config.mailFrom, now: b.clock.now(),
    }, x);
    expect(exp.cases.map((c) => [c.caseNumber, c.role])).to.deep.equal([[n1, 'klager'], [n2, 'klager'], [n3, 'beklaagde']]);
    // Exactly hers: what she sent or was sent, and the verslag of her case.
    const store = b.ctx.store;
    const expected = [first, second, third].flatMap((id) => store.messages.byCase(id)
      .filter((m) => m.kind === 'verslag' || m.from_addr === x || JSON.parse(m.to_addrs).includes(x))).length;
    expect(exp.dossier.documents).to.have.length(expected);
    expect(exp.dossier.documents.some((d) => d.type === 'notitie')).to.equal(false);
    const everything = JSON.stringify(exp.dossier);
    for (const secret of ['Bert Geheim', 'bert.geheim@example.test', 'Carla Anders', 'carla.anders@example.test', 'eerst bellen']) expect(everything, secret).not.to.include(secret);
    expect(everything).to.include('Mijn eerste klacht over de wachttijd').and.include('[beklaagde]');
    expect(exp.dossier.withheld.join(' ')).to.include('interne notitie').and.include('art. 15 lid 4 AVG');
  });
});
