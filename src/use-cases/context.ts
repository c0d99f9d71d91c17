/** What every use-case needs, built once by the composition root (src/main.ts). */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../domain/clock.js';
import type { WorkingDayCalendar } from '../domain/calendar.js';
import type { Store } from '../store/store.js';
import type { LetterRenderer } from '../mail-out/render.js';
import type { SentFolderLookup } from '../domain/sent-copy.js';

export interface AppContext {
  config: Config;
  store: Store;
  clock: Clock;
  calendar: WorkingDayCalendar;
  log: Logger;
  /** For documents rendered into the file (the report); letters are rendered when sent. */
  renderer: LetterRenderer;
  /** Signs our Message-IDs (per installation, kept in the store's settings). */
  messageIdSecret: string;
  /** Right-hand side of our Message-IDs: the domain of MAIL_FROM. */
  messageIdDomain: string;
  /** DNS for DKIM checks; tests inject their own so they can sign with their own key. */
  dnsResolver?: (name: string, rrtype: string) => Promise<unknown>;
  /** Own mode: her Sent folder, for COMMAND_AUTH=sent-folder and the evidence of a refused command (issue 12). */
  sentFolder?: SentFolderLookup;
  /**
   * Called after a transaction that wrote outbox rows, so the relay runs at once; it also has
   * the reminders reconciled, unless the caller knows no deadline changed (`termsUnchanged`: a
   * reminder job itself, so that 1,000 reminders due together do not cause 1,000 reconciles).
   * `burst`: more are coming at once (reminders due together); the relay waits until they stop.
   */
  outboxChanged(opts?: { termsUnchanged?: boolean; burst?: boolean }): void;
}
