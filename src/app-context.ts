/**
 * What every part of a process is made of, built in one place: the store, the clock, the log, the
 * calendar of the configured terms, the letter renderer, the Message-ID signing, the mailbox
 * logins' token sources and the IMAP adapters on them. `startService` (src/main.ts), the CLI
 * commands and the test harnesses all start here, so they cannot drift apart.
 */
import type { Config } from './config.js';
import { WorkingDayCalendar } from './domain/calendar.js';
import { systemClock, type Clock } from './domain/clock.js';
import { ImapMailboxPurger } from './jobs/mailbox-purge.js';
import { createLogger, type Logger } from './logger.js';
import { makeMailTokens, type MailTokens } from './mail-auth/mail-tokens.js';
import { imapSentFolder } from './mail-in/sent-folder.js';
import { LetterRenderer } from './mail-out/render.js';
import { TEMPLATES_DIR } from './paths.js';
import { Store } from './store/store.js';
import type { AppContext } from './use-cases/context.js';
import type { MailboxPurger } from './use-cases/purge-cases.js';
import { adoptCasesByPrefix } from './use-cases/practice-of.js';
import { domainOf } from './util/address.js';

export interface AppContextOptions {
  clock?: Clock;
  log?: Logger;
  /** DNS for DKIM verification (tests serve their own keys). */
  dnsResolver?: (name: string, rrtype: string) => Promise<unknown>;
  /** What a commit that wrote letters sets off; a command outside the service leaves them to its relay. */
  outboxChanged?: AppContext['outboxChanged'];
  /** Own mode: look up her Sent folder for her commands (the running service; not the CLI). */
  sentFolder?: boolean;
}

export interface App {
  ctx: AppContext;
  /** One set of token sources for every IMAP and SMTP login of this process. */
  tokens: MailTokens;
  /** The retention purge's IMAP adapter, on the same tokens. */
  mailboxPurger: MailboxPurger;
  /** Closes the store. */
  close(): void;
}

/** The calendar of the configured terms: holidays, closure days. */
export function calendarFor(config: Config): WorkingDayCalendar {
  return new WorkingDayCalendar({ liberationDay: config.liberationDay, closedDays: config.closedDays });
}

/** Build the context of one process on `config`. */
export function buildAppContext(config: Config, opts: AppContextOptions = {}): App {
  const log = opts.log ?? createLogger(config.logLevel);
  const store = Store.open(config.dataDir);
  const tokens = makeMailTokens(config, log);
  const ctx: AppContext = {
    config, store, clock: opts.clock ?? systemClock, log, renderer: new LetterRenderer(TEMPLATES_DIR, config.practices), calendar: calendarFor(config),
    messageIdSecret: store.messageIdSecret(),
    messageIdDomain: domainOf(config.mailFrom),
    dnsResolver: opts.dnsResolver,
    outboxChanged: opts.outboxChanged ?? (() => undefined),
  };
  adoptCasesByPrefix(ctx);
  // Own mode (issue 12): her Sent folder, for COMMAND_AUTH=sent-folder and the evidence of a refused command.
  if (opts.sentFolder && config.mailboxMode === 'own') ctx.sentFolder = imapSentFolder(config, tokens.imap, log.child({ component: 'sent-folder' }));
  return { ctx, tokens, mailboxPurger: new ImapMailboxPurger(config, tokens.imap, log.child({ component: 'purge' })), close: () => store.close() };
}
