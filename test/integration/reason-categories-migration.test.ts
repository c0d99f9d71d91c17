/**
 * Migration reason-categories (issue 14 §5) on a store written before it: every stored reason of
 * a move, an absence and a purged case's statistics row gets the category its first word names,
 * or `overig`; the words she wrote stay only in the case file's `reason`.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '../../src/store/db.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';

describe('migration reason-categories: stored reasons become categories', () => {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}-.*\.sql$/.test(f)).sort();
  const ours = files.find((f) => f.endsWith('-reason-categories.sql'))!;
  const version = Number(ours.slice(0, 3));

  it('when a store from before holds free-text reasons, then each gets its category and unknown ones overig', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = OFF'); // bare rows without their cases: only the columns matter here
    for (const f of files.filter((x) => Number(x.slice(0, 3)) < version)) db.exec(readFileSync(join(MIGRATIONS_DIR, f), 'utf8'));
    db.pragma(`user_version = ${version - 1}`);
    const reasons = ['ziekte van Jan Jansen jan@example.test 0612345678', 'Vakantie', 'deskundige, rapport', 'drukte', '', 'overig: verhuizing'];
    const move = db.prepare(`INSERT INTO deadline_moves (deadline_id, case_id, origin, from_date, to_date, working_days, reason, actor, at)
                             VALUES (1, 1, 'extension', '2026-01-05', '2026-01-12', 5, ?, 'c', '2026-01-02T10:00:00Z')`);
    for (const r of reasons) move.run(r);
    db.prepare(`INSERT INTO absences (case_id, from_date, to_date, reason, actor, at) VALUES (NULL, '2026-07-01', '2026-07-10', ?, 'c', '2026-06-01T10:00:00Z')`).run('vakantie Frankrijk');
    db.prepare(`INSERT INTO case_stats (case_id, year, extension_reasons, purge_due_date, purged_at) VALUES (7, 2025, ?, '2027-01-01', '2027-01-02T00:00:00Z')`)
      .run(JSON.stringify([{ origin: 'extension', wd: 5, reason: 'ziekte van jan janse' }, { origin: 'absence', wd: 3, reason: 'cursus in utrecht' }]));
    db.prepare(`INSERT INTO case_stats (case_id, year, purge_due_date, purged_at) VALUES (8, 2025, '2027-01-01', '2027-01-02T00:00:00Z')`).run();

    migrate(db);

    const moves = db.prepare('SELECT reason, category FROM deadline_moves ORDER BY id').all() as { reason: string; category: string }[];
    expect(moves.map((m) => m.category)).to.deep.equal(['ziekte', 'vakantie', 'deskundige', 'overig', 'overig', 'overig']);
    expect(moves.map((m) => m.reason)).to.deep.equal(reasons);
    expect(db.prepare('SELECT category FROM absences').get()).to.deep.equal({ category: 'vakantie' });
    const rows = db.prepare('SELECT case_id, extension_reasons FROM case_stats ORDER BY case_id').all() as { case_id: number; extension_reasons: string }[];
    expect(JSON.parse(rows[0]!.extension_reasons)).to.deep.equal([{ origin: 'extension', wd: 5, reason: 'ziekte' }, { origin: 'absence', wd: 3, reason: 'overig' }]);
    expect(rows[1]!.extension_reasons).to.equal('[]');
    db.close();
  });
});
