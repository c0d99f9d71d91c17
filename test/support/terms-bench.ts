/**
 * The terms work without Redis or IMAP: an AppContext on a real SQLite store in a temp folder,
 * with an injected clock, built by buildAppContext (src/app-context.ts), as the service's is. Complaints enter through
 * receiveMessage, as the inbox watcher hands them over, so cases and deadlines are real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAppContext } from '../../src/app-context.js';
import { loadConfig, type Config } from '../../src/config.js';
import { stackEnv } from '../../tools/devstack/stack-config.js';
import { fixedClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logger.js';
import { receiveMessage } from '../../src/mail-in/receive-message.js';
import type { AppContext } from '../../src/use-cases/context.js';
import { randomUUID } from 'node:crypto';
import { COMMISSIONER, eml, type EmlOptions } from './harness.js';

export interface TermsBench {
  ctx: AppContext;
  config: Config;
  clock: ReturnType<typeof fixedClock>;
  /** A complaint received now (the clock's instant); returns its case id. */
  complaint(o?: EmlOptions): Promise<number>;
  /** A mail from the commissioner (her commands, `COMMAND_AUTH=none` in the bench) received now. */
  commissionerSays(subject: string, text?: string): Promise<void>;
  close(): void;
}

export function termsBench(now: string, overrides: Record<string, string> = {}): TermsBench {
  const dataDir = mkdtempSync(join(tmpdir(), 'cd-terms-'));
  const config = loadConfig(stackEnv({ redisUrl: 'redis://127.0.0.1:1', imap: { host: '127.0.0.1', port: 1 }, smtp: { host: '127.0.0.1', port: 1 } }, dataDir, {
    LOG_LEVEL: 'silent', ...overrides,
  }));
  const clock = fixedClock(now);
  const { ctx } = buildAppContext(config, { clock, log: createLogger('silent') });
  const { store } = ctx;
  let n = 0;
  return {
    ctx, config, clock,
    commissionerSays: async (subject, text = '') => {
      const raw = Buffer.from(eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text, messageId: `cmd-${randomUUID()}@praktijk.test` }), 'utf8');
      await receiveMessage(ctx, { raw, size: raw.length, truncated: false, receivedAt: clock.now(), source: null });
    },
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
