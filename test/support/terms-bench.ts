/**
 * The terms work without Redis or IMAP: an AppContext on a real SQLite store in a temp folder,
 * with an injected clock, built the way src/main.ts builds it. Complaints enter through
 * receiveMessage, as the inbox watcher hands them over, so cases and deadlines are real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { stackEnv } from '../../tools/devstack/stack-config.js';
import { fixedClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logger.js';
import { calendarFor } from '../../src/main.js';
import { receiveMessage } from '../../src/mail-in/receive-message.js';
import { LetterRenderer } from '../../src/mail-out/render.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { Store } from '../../src/store/store.js';
import type { AppContext } from '../../src/use-cases/context.js';
import { domainOf } from '../../src/util/address.js';
import { eml, type EmlOptions } from './harness.js';

export interface TermsBench {
  ctx: AppContext;
  config: Config;
  clock: ReturnType<typeof fixedClock>;
  /** A complaint received now (the clock's instant); returns its case id. */
  complaint(o?: EmlOptions): Promise<number>;
  close(): void;
}

export function termsBench(now: string, overrides: Record<string, string> = {}): TermsBench {
  const dataDir = mkdtempSync(join(tmpdir(), 'cd-terms-'));
  const config = loadConfig(stackEnv({ redisUrl: 'redis://127.0.0.1:1', imap: { host: '127.0.0.1', port: 1 }, smtp: { host: '127.0.0.1', port: 1 } }, dataDir, {
    LOG_LEVEL: 'silent', ...overrides,
  }));
  const store = Store.open(config.dataDir);
  const clock = fixedClock(now);
  const ctx: AppContext = {
    config, store, clock, log: createLogger('silent'), calendar: calendarFor(config), renderer: new LetterRenderer(TEMPLATES_DIR),
    messageIdSecret: store.messageIdSecret(), messageIdDomain: domainOf(config.mailFrom), outboxChanged: () => undefined,
  };
  let n = 0;
  return {
    ctx, config, clock,
    complaint: async (o = {}) => {
      const raw = Buffer.from(eml({ from: `klager${++n}@example.test`, ...o }), 'utf8');
      const r = await receiveMessage(ctx, { raw, size: raw.length, truncated: false, receivedAt: clock.now(), source: null });
      if (!r.caseNumber) throw new Error(`no case opened (${r.kind})`);
      return store.cases.byNumber(r.caseNumber)!.id;
    },
    close: () => {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
