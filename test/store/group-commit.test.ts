/** Group commit on a real SQLite store: writes asked for together share one transaction, each in its own savepoint. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupCommit } from '../../src/store/group-commit.js';
import { Store } from '../../src/store/store.js';

describe('group commit (real SQLite)', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-group-'));
    store = Store.open(dir);
    store.db.exec('CREATE TABLE t (x INTEGER)');
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (x: number) => () => {
    store.db.prepare('INSERT INTO t (x) VALUES (?)').run(x);
    return x * 10;
  };
  const rows = () => (store.db.prepare('SELECT x FROM t ORDER BY x').all() as { x: number }[]).map((r) => r.x);

  it('when writes come together, then they commit in one transaction and each caller gets its own value after the commit', async () => {
    const g = new GroupCommit(store);
    let commits = 0;
    const tx = store.tx.bind(store);
    store.tx = <T>(fn: () => T): T => (store.db.inTransaction ? tx(fn) : (commits++, tx(fn)));
    const got = await Promise.all([1, 2, 3].map((x) => g.run(insert(x))));
    expect(got).to.deep.equal([10, 20, 30]);
    expect(rows()).to.deep.equal([1, 2, 3]);
    expect(commits).to.equal(1);
  });

  it('when one write throws, then only its own effects are taken back and only its caller gets the error', async () => {
    const g = new GroupCommit(store);
    const failing = () => {
      store.db.prepare('INSERT INTO t (x) VALUES (?)').run(99);
      throw new Error('no');
    };
    const outcomes = await Promise.allSettled([g.run(insert(1)), g.run(failing), g.run(insert(3))]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).to.equal('no');
    expect(rows()).to.deep.equal([1, 3]);
  });

  it('when nothing has committed yet, then no caller has been answered', async () => {
    const g = new GroupCommit(store, 50);
    let answered = false;
    const p = g.run(insert(7)).then(() => (answered = true));
    expect(rows()).to.deep.equal([]);
    expect(answered).to.equal(false);
    await p;
    expect(rows()).to.deep.equal([7]);
  });

  it('when relaxed (the letter worker\'s sent marks), then the group commits in one unsynced transaction, one failing write takes back only itself, and synchronous=FULL holds again afterwards', async () => {
    const g = new GroupCommit(store, 0, { relaxed: true });
    let relaxedCommits = 0;
    let seenSynchronous: number | undefined;
    const relaxedTx = store.relaxedTx.bind(store);
    store.relaxedTx = (fn: () => void): void => {
      relaxedCommits++;
      relaxedTx(() => {
        seenSynchronous = store.db.pragma('synchronous', { simple: true }) as number;
        fn();
      });
    };
    const failing = () => {
      store.db.prepare('INSERT INTO t (x) VALUES (?)').run(99);
      throw new Error('no');
    };
    const outcomes = await Promise.allSettled([g.run(insert(1)), g.run(failing), g.run(insert(3))]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(rows()).to.deep.equal([1, 3]);
    expect(relaxedCommits).to.equal(1);
    expect(seenSynchronous, 'NORMAL inside the group').to.equal(1);
    expect(store.db.pragma('synchronous', { simple: true }), 'FULL again after it').to.equal(2);
  });
});
