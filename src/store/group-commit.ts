/**
 * Group commit: writes asked for within a few milliseconds of each other commit together, in one
 * fsynced transaction, each in its own savepoint (a nested store.tx) so one that throws takes
 * back only itself. Each caller awaits its own commit, so nothing is acknowledged before it is
 * durable. The reminders worker uses it: 1,000 reminders due together paid one fsync each
 * (bench:reminders profile). With `relaxed`, the group's commit is not fsynced
 * (Store.relaxedTx): for marks that are redone harmlessly when a power failure loses them, such as
 * the letter worker's "sent" marks, which cost one transaction per letter otherwise (bench:ingest
 * profile: a commit and three PRAGMAs per letter).
 */
import type { Store } from './store.js';

interface Pending {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;

  /** `windowMs`: how long the first write of a group waits for others. */
  constructor(private readonly store: Store, private readonly windowMs = 2, private readonly opts: { relaxed?: boolean } = {}) {}

  /** Run `fn` (synchronous) inside the next group's transaction; resolves with its value once that committed. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    this.timer = null;
    const batch = this.queue.splice(0);
    const done: { value?: unknown; err?: Error }[] = [];
    const all = () => {
      for (const p of batch) {
        try {
          done.push({ value: this.store.tx(p.fn) });
        } catch (err) {
          done.push({ err: err as Error });
        }
      }
    };
    try {
      if (this.opts.relaxed) this.store.relaxedTx(all);
      else this.store.tx(all);
    } catch (err) {
      for (const p of batch) p.reject(err as Error);
      return;
    }
    batch.forEach((p, i) => (done[i]!.err ? p.reject(done[i]!.err!) : p.resolve(done[i]!.value)));
  }
}
