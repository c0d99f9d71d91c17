/**
 * The service's settings. The environment is read by src/env.ts (process.env over .env); every
 * key of SPEC §10 (and the ones later issues add) is declared once here, validated once at
 * start-up, and handed around as one typed object. Only the demo and the dev stack (LOG_LEVEL,
 * KEEP_STACK) and the CLI's colours (NO_COLOR) read process.env besides.
 * `.env.example` mirrors this file key by key.
 */
import { ConfigError } from './errors/index.js';
import { z } from 'zod';
import { bool, int, isTokenUrl, isWebBaseUrl, localDates, reasonCategories, required, timeZone } from './config-fields.js';
import type { PracticeSet } from './domain/practice.js';
import { loadPracticesFile, type DeskFacts } from './config-practices.js';
import { namesOf, practiceKeyProblems, singlePractice } from './config-practice-env.js';
import { mailAuthChecks, mailAuthOf, type MailAuthConfig } from './config-mail-auth.js';
// The commissioner's own mailbox (issue 12): named addresses, the COMMAND_AUTH list and its checks.
import { authMethodList, commandAuthProblems, domainList, namedEmail, namedEmailList, tenantId, type AuthMethod } from './config-mailbox.js';


const schema = z.object({
  IMAP_HOST: required('the complaints mailbox server'),
  IMAP_PORT: int(993, 1, 65535),
  IMAP_SECURE: bool(true),
  IMAP_USER: required('the complaints mailbox login'),
  IMAP_PASSWORD: z.string().optional(),
  IMAP_ACCESS_TOKEN: z.string().optional(),
  IMAP_MAILBOX: z.string().min(1).default('INBOX'),
  IMAP_PROCESSED_MAILBOX: z.string().min(1).default('Klachten/Verwerkt'),
  IMAP_QUARANTINE_MAILBOX: z.string().min(1).default('Klachten/Quarantaine'),
  IMAP_POLL_SECONDS: int(60, 1, 3600),
  // The commissioner's own mailbox (issue 12)
  MAILBOX_MODE: z.enum(['dedicated', 'own'], { message: 'must be dedicated or own' }).default('dedicated'),
  IMAP_INTAKE_MAILBOX: z.string().trim().min(1).default('Klachten'),
  IMAP_SENT_MAILBOX: z.string().trim().min(1).optional(),
  SENT_COPY_WAIT_SECONDS: int(60, 0, 600),
  SMTP_HOST: required('the outgoing mail server'),
  SMTP_PORT: int(587, 1, 65535),
  SMTP_SECURE: bool(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  // OAuth2 mailboxes (src/mail-auth): XOAUTH2 with a fixed token or one from a token endpoint
  SMTP_ACCESS_TOKEN: z.string().optional(),
  OAUTH_TOKEN_URL: z.string().trim().refine(isTokenUrl, { message: 'must be an https:// URL (http:// only on 127.0.0.1 or localhost)' }).optional(),
  OAUTH_CLIENT_ID: z.string().trim().optional(),
  OAUTH_CLIENT_SECRET: z.string().optional(),
  OAUTH_REFRESH_TOKEN: z.string().trim().optional(),
  OAUTH_SCOPE: z.string().trim().optional(),
  MAIL_FROM: required('the address letters are sent from').pipe(namedEmail),
  MAILBOX_ADDRESS: namedEmail.optional(),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379').refine((u) => /^rediss?:\/\//.test(u), {
    message: 'must start with redis:// or rediss://',
  }),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'may hold only letters, digits, - and _' }).default('complaint-desk'),
  DATA_DIR: z.string().min(1).default('./data'),
  COMMISSIONER_EMAILS: namedEmailList,
  COMMISSIONER_NAME: required('the commissioner, as letters sign'),
  // Required without PRACTICES_FILE (practiceKeyProblems); with it, the desk's name outside any case.
  PRACTICE_NAME: z.string().trim().optional(),
  PRACTICE_OWNER_EMAIL: namedEmail.optional(),
  PRACTICE_OWNER_NAME: z.string().trim().optional(),
  // Several practices on one desk (issue 16, src/config-practices.ts): a .yaml/.yml/.json file
  PRACTICES_FILE: z.string().trim().min(1).optional(),
  COMMAND_AUTH: authMethodList,
  AUTHSERV_ID: z.string().optional(),
  DKIM_EXTRA_DOMAINS: domainList,
  EXCHANGE_TENANT_ID: tenantId.optional(),
  ACK_MODE: z.enum(['auto', 'review'], { message: 'must be auto or review' }).default('auto'),
  CASE_PREFIX: z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, { message: 'must be 1-8 capitals/digits, e.g. KL' }).default('KL'),
  DEFAULT_LANGUAGE: z.enum(['nl', 'en'], { message: 'must be nl or en' }).default('nl'),
  TIMEZONE: timeZone.default('Europe/Amsterdam'),
  TERM_ACK_WD: int(10, 1, 200),
  TERM_PRESENT_WD: int(10, 1, 200),
  TERM_RESPONSE_WD: int(10, 1, 200),
  TERM_HANDLE_WD: int(30, 1, 400),
  TERM_APPEAL_WD: int(20, 1, 200),
  TERM_APPEAL_HANDLE_WD: int(30, 1, 400),
  RETENTION_MONTHS: int(24, 1, 240),
  REMINDER_WD_BEFORE: int(3, 0, 30),
  REMINDER_HOUR: int(9, 0, 23),
  LIBERATION_DAY: z.enum(['yearly', 'lustrum'], { message: 'must be yearly or lustrum' }).default('yearly'),
  CLOSED_DAYS: localDates,
  EXTENSION_REASONS: reasonCategories,
  MAX_MESSAGE_MB: int(25, 1, 200),
  MAX_NEW_CASES_PER_SENDER_PER_DAY: int(3, 1, 1000),
  SEND_MAX_ATTEMPTS: int(12, 1, 50),
  SEND_RETRY_BASE_MS: int(10_000, 10, 3_600_000),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: int(8080, 0, 65535),
  // The read-only web overview (src/web)
  WEB_ENABLED: bool(false),
  WEB_BASE_URL: z.string().trim().refine(isWebBaseUrl, { message: 'must be an http:// or https:// address without a path, e.g. https://klachten.example.nl' }).optional(),
  WEB_SESSION_HOURS: int(8, 1, 720),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Env = z.output<typeof schema>;

/** Every configuration key, for .env.example checks and check-config. */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

export type { MailAuthConfig, MailLogin, OAuth2Settings } from './config-mail-auth.js';

/** The validated configuration, grouped for the code that uses it. */
export interface Config {
  imap: {
    host: string; port: number; secure: boolean; user: string;
    password?: string; accessToken?: string;
    mailbox: string; processedMailbox: string; quarantineMailbox: string; pollSeconds: number;
    /** Own mode: where complaints are taken from (she drags them there, or a server rule files them). */
    intakeMailbox: string;
    /** Own mode: her Sent folder by name; unset means the one marked SPECIAL-USE \\Sent. */
    sentMailbox?: string;
    /** Own mode: how long her command waits for its copy in the Sent folder (a mail program stores it after sending). */
    sentCopyWaitSeconds: number;
  };
  /**
   * `dedicated`: the mailbox is the service's; everything in IMAP_MAILBOX is taken and moved.
   * `own`: it is the commissioner's own; complaints come from the intake folder, and in INBOX only
   * case mail and her commands are read, and nothing there is ever moved or flagged.
   */
  mailboxMode: 'dedicated' | 'own';
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string; accessToken?: string };
  /** How IMAP and SMTP log in (src/mail-auth), derived from which credentials are set. */
  mailAuth: MailAuthConfig;
  mailFrom: string;
  /** MAIL_FROM's display name, when it had one; letters then use it instead of the commissioner's name. */
  mailFromName?: string;
  /** The complaints address: Reply-To of every letter, so every answer comes back to the mailbox. */
  mailboxAddress: string;
  redisUrl: string;
  queuePrefix: string;
  dataDir: string;
  commissionerEmails: string[];
  commissionerName: string;
  /**
   * The practice, as letters name it. With PRACTICES_FILE: the desk's name in what is outside any
   * case (notices to the commissioner, a letter to a stranger): PRACTICE_NAME, or else the names
   * of the practices (`Praktijk LUX & Zorg Noord`). A case's letters name the case's own practice.
   */
  practiceName: string;
  practiceOwnerEmail?: string;
  /** The owner as her letters greet her ("Beste Emma Hafkamp,"); without it, "Beste eigenaar van PRACTICE_NAME,". */
  practiceOwnerName?: string;
  /** A mail from her address is obeyed when one of these methods passes (src/mail-in/auth-methods). */
  commandAuth: AuthMethod[];
  authservId?: string;
  /** DKIM signing domains accepted besides her From domain (her provider's, e.g. x.onmicrosoft.com). */
  dkimExtraDomains: string[];
  /** For `exchange`: the Microsoft 365 tenant the complaints mailbox is in. */
  exchangeTenantId?: string;
  ackMode: 'auto' | 'review';
  casePrefix: string;
  defaultLanguage: 'nl' | 'en';
  timeZone: string;
  terms: { ackWd: number; presentWd: number; responseWd: number; handleWd: number; appealWd: number; appealHandleWd: number };
  retentionMonths: number;
  reminderWdBefore: number;
  reminderHour: number;
  liberationDay: 'yearly' | 'lustrum';
  closedDays: string[];
  /** The categories a #verleng/#afwezig reason must start with; only these reach the statistics. */
  extensionReasons: string[];
  maxMessageBytes: number;
  maxNewCasesPerSenderPerDay: number;
  send: { maxAttempts: number; retryBaseMs: number };
  http: { host: string; port: number };
  /** The read-only web overview: off unless enabled; baseUrl is where the sign-in link points. */
  web: { enabled: boolean; baseUrl?: string; sessionHours: number };
  logLevel: Env['LOG_LEVEL'];
  /**
   * The practices this desk serves (issue 16). Without PRACTICES_FILE: one, from PRACTICE_NAME,
   * PRACTICE_OWNER_*, CASE_PREFIX, DEFAULT_LANGUAGE and the TERM_* keys, with the id CASE_PREFIX
   * in lower case; practiceName, casePrefix, terms… above are then that practice's. With it: the
   * file's practices (single: false, even for one); practiceOwnerEmail/Name are then unset,
   * casePrefix is the hold prefix, and terms are the defaults (each practice has its procedure).
   */
  practices: PracticeSet;
}

/** Validate `env` (process.env plus .env) and return the configuration, or throw ConfigError. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '(config)');
      const got = typeof cleaned[key] === 'string' && !/PASSWORD|TOKEN|SECRET/.test(key) ? ` (got '${cleaned[key]}')` : '';
      problems.push(`${key}: ${issue.message}${got}`);
    }
  }
  problems.push(...practiceKeyProblems(cleaned));
  // The file is checked even when other keys are wrong: every problem at once, env and file together.
  const file = cleaned.PRACTICES_FILE ? loadPracticesFile(cleaned.PRACTICES_FILE.trim(), deskFacts(cleaned)) : undefined;
  if (file) problems.push(...file.problems);
  if (parsed.success) problems.push(...crossChecks(parsed.data));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return toConfig(parsed.data, file?.set);
}

/** The desk's own addresses and folders for the file's checks, from the keys that parse (the others are named already). */
function deskFacts(env: Record<string, string | undefined>): DeskFacts {
  const field = <K extends keyof typeof schema.shape>(k: K) => {
    const r = schema.shape[k].safeParse(env[k]);
    return r.success ? (r.data as z.output<(typeof schema.shape)[K]>) : undefined;
  };
  const mailboxKeys = ['IMAP_MAILBOX', 'IMAP_PROCESSED_MAILBOX', 'IMAP_QUARANTINE_MAILBOX', 'IMAP_SENT_MAILBOX'] as const;
  return {
    ownAddresses: [field('MAIL_FROM')?.address, field('MAILBOX_ADDRESS')?.address].filter((a): a is string => !!a),
    commissionerEmails: field('COMMISSIONER_EMAILS') ?? [],
    mailboxes: mailboxKeys.flatMap((key) => { const name = field(key); return name ? [{ key, name }] : []; }),
    defaultLanguage: field('DEFAULT_LANGUAGE') ?? 'nl',
  };
}

/**
 * The configurations in which her commands can never be obeyed (src/config-mailbox.ts), for a
 * valid configuration: check-config lists them, `start` stops on them with one line each.
 */
export function commandAuthProblemsOf(c: Config): string[] {
  return commandAuthProblems({
    mailboxMode: c.mailboxMode, commandAuth: c.commandAuth, authservId: c.authservId, exchangeTenantId: c.exchangeTenantId,
    commissionerEmails: c.commissionerEmails, ownAddresses: [c.mailFrom, c.mailboxAddress],
  }).filter((p) => p.startsWith('COMMISSIONER_EMAILS'));
}

function crossChecks(e: Env): string[] {
  const out: string[] = [];
  // Without WEB_BASE_URL the sign-in link points at HTTP_HOST itself, which must then be one address.
  if (e.WEB_ENABLED && !e.WEB_BASE_URL && ['0.0.0.0', '::', '[::]'].includes(e.HTTP_HOST)) {
    out.push('WEB_BASE_URL: is required when WEB_ENABLED=true and HTTP_HOST listens on every address (the sign-in link points there)');
  }
  out.push(...mailAuthChecks(e)); // IMAP/SMTP credentials, OAuth2
  // Issue 12: AUTHSERV_ID for authres, EXCHANGE_TENANT_ID for exchange, sent-folder only in own mode.
  // Her own address as COMMISSIONER_EMAILS in a dedicated mailbox is left to commandAuthProblems'
  // callers (check-config lists it, `start` stops on it), so that the other commands still run.
  out.push(...commandAuthProblems({
    mailboxMode: e.MAILBOX_MODE, commandAuth: e.COMMAND_AUTH, authservId: e.AUTHSERV_ID, exchangeTenantId: e.EXCHANGE_TENANT_ID,
    commissionerEmails: [], ownAddresses: [],
  }));
  if (e.MAILBOX_MODE === 'own' && [e.IMAP_MAILBOX, e.IMAP_PROCESSED_MAILBOX, e.IMAP_QUARANTINE_MAILBOX].includes(e.IMAP_INTAKE_MAILBOX)) {
    out.push('IMAP_INTAKE_MAILBOX: must differ from IMAP_MAILBOX, IMAP_PROCESSED_MAILBOX and IMAP_QUARANTINE_MAILBOX');
  }
  if (e.IMAP_MAILBOX === e.IMAP_PROCESSED_MAILBOX || e.IMAP_MAILBOX === e.IMAP_QUARANTINE_MAILBOX) {
    out.push('IMAP_PROCESSED_MAILBOX: must differ from IMAP_MAILBOX and IMAP_QUARANTINE_MAILBOX');
  }
  return out;
}

function toConfig(e: Env, fromFile?: PracticeSet): Config {
  const practices = fromFile ?? singlePractice(e);
  return {
    imap: {
      host: e.IMAP_HOST, port: e.IMAP_PORT, secure: e.IMAP_SECURE, user: e.IMAP_USER,
      password: e.IMAP_PASSWORD, accessToken: e.IMAP_ACCESS_TOKEN,
      mailbox: e.IMAP_MAILBOX, processedMailbox: e.IMAP_PROCESSED_MAILBOX,
      quarantineMailbox: e.IMAP_QUARANTINE_MAILBOX, pollSeconds: e.IMAP_POLL_SECONDS,
      intakeMailbox: e.IMAP_INTAKE_MAILBOX, sentMailbox: e.IMAP_SENT_MAILBOX, sentCopyWaitSeconds: e.SENT_COPY_WAIT_SECONDS,
    },
    mailboxMode: e.MAILBOX_MODE,
    smtp: { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, user: e.SMTP_USER, password: e.SMTP_PASSWORD, accessToken: e.SMTP_ACCESS_TOKEN },
    mailAuth: mailAuthOf(e),
    mailFrom: e.MAIL_FROM.address,
    mailFromName: e.MAIL_FROM.name || undefined,
    mailboxAddress: (e.MAILBOX_ADDRESS ?? e.MAIL_FROM).address,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    dataDir: e.DATA_DIR,
    commissionerEmails: e.COMMISSIONER_EMAILS,
    commissionerName: e.COMMISSIONER_NAME,
    practiceName: e.PRACTICE_NAME || namesOf(practices),
    practiceOwnerEmail: e.PRACTICE_OWNER_EMAIL?.address,
    practiceOwnerName: e.PRACTICE_OWNER_NAME || undefined,
    commandAuth: e.COMMAND_AUTH,
    authservId: e.AUTHSERV_ID,
    dkimExtraDomains: e.DKIM_EXTRA_DOMAINS,
    exchangeTenantId: e.EXCHANGE_TENANT_ID,
    ackMode: e.ACK_MODE,
    casePrefix: fromFile ? fromFile.holdPrefix : e.CASE_PREFIX,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    timeZone: e.TIMEZONE,
    terms: {
      ackWd: e.TERM_ACK_WD, presentWd: e.TERM_PRESENT_WD, responseWd: e.TERM_RESPONSE_WD,
      handleWd: e.TERM_HANDLE_WD, appealWd: e.TERM_APPEAL_WD, appealHandleWd: e.TERM_APPEAL_HANDLE_WD,
    },
    retentionMonths: e.RETENTION_MONTHS,
    reminderWdBefore: e.REMINDER_WD_BEFORE,
    reminderHour: e.REMINDER_HOUR,
    liberationDay: e.LIBERATION_DAY,
    closedDays: e.CLOSED_DAYS,
    extensionReasons: e.EXTENSION_REASONS,
    maxMessageBytes: e.MAX_MESSAGE_MB * 1024 * 1024,
    maxNewCasesPerSenderPerDay: e.MAX_NEW_CASES_PER_SENDER_PER_DAY,
    send: { maxAttempts: e.SEND_MAX_ATTEMPTS, retryBaseMs: e.SEND_RETRY_BASE_MS },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    web: { enabled: e.WEB_ENABLED, baseUrl: e.WEB_BASE_URL, sessionHours: e.WEB_SESSION_HOURS },
    logLevel: e.LOG_LEVEL,
    practices,
  };
}
