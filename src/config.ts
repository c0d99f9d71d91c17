/**
 * The only reader of process.env. Every key of SPEC §10 (and the ones later issues add) is
 * declared once here, validated once at start-up, and handed around as one typed object.
 * `.env.example` mirrors this file key by key.
 */
import { z } from 'zod';
import { parseLocalDate } from './domain/calendar.js';

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (def: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` })
    .default(def);

const required = (what: string) =>
  z.string({ message: `is required (${what})` }).trim().min(1, { message: `is required (${what})` });

const email = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an e-mail address' }));

const emailList = z
  .string({ message: 'is required (one or more addresses, comma-separated)' })
  .transform((s) => s.split(/[,;\s]+/).map((a) => a.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.email({ message: 'must hold only e-mail addresses' })).min(1, { message: 'needs at least one address' }));

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Amsterdam' },
);

const localDates = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const out: string[] = [];
    for (const part of s.split(/[,\s]+/).filter(Boolean)) {
      try {
        out.push(parseLocalDate(part));
      } catch {
        ctx.addIssue({ code: 'custom', message: `holds '${part}', which is not a date YYYY-MM-DD` });
      }
    }
    return out;
  });

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
  SMTP_HOST: required('the outgoing mail server'),
  SMTP_PORT: int(587, 1, 65535),
  SMTP_SECURE: bool(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: required('the address letters are sent from').pipe(email),
  MAILBOX_ADDRESS: email.optional(),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379').refine((u) => /^rediss?:\/\//.test(u), {
    message: 'must start with redis:// or rediss://',
  }),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'may hold only letters, digits, - and _' }).default('complaint-desk'),
  DATA_DIR: z.string().min(1).default('./data'),
  COMMISSIONER_EMAILS: emailList,
  COMMISSIONER_NAME: required('the commissioner, as letters sign'),
  PRACTICE_NAME: required('the practice, as letters name it'),
  PRACTICE_OWNER_EMAIL: email.optional(),
  COMMAND_AUTH: z.enum(['dkim', 'authres', 'none'], { message: 'must be dkim, authres or none' }).default('dkim'),
  AUTHSERV_ID: z.string().optional(),
  ACK_MODE: z.enum(['auto', 'review'], { message: 'must be auto or review' }).default('auto'),
  CASE_PREFIX: z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, { message: 'must be 1-8 capitals/digits, e.g. KL' }).default('KL'),
  DEFAULT_LANGUAGE: z.enum(['nl', 'en'], { message: 'must be nl or en' }).default('nl'),
  TIMEZONE: timeZone.default('Europe/Amsterdam'),
  TERM_ACK_WD: int(10, 1, 200),
  TERM_PRESENT_WD: int(10, 1, 200),
  TERM_RESPONSE_WD: int(10, 1, 200),
  TERM_HANDLE_WD: int(30, 1, 400),
  TERM_APPEAL_WD: int(20, 1, 200),
  RETENTION_MONTHS: int(24, 1, 240),
  REMINDER_WD_BEFORE: int(3, 0, 30),
  REMINDER_HOUR: int(9, 0, 23),
  LIBERATION_DAY: z.enum(['yearly', 'lustrum'], { message: 'must be yearly or lustrum' }).default('yearly'),
  CLOSED_DAYS: localDates,
  MAX_MESSAGE_MB: int(25, 1, 200),
  MAX_NEW_CASES_PER_SENDER_PER_DAY: int(3, 1, 1000),
  SEND_MAX_ATTEMPTS: int(12, 1, 50),
  SEND_RETRY_BASE_MS: int(10_000, 10, 3_600_000),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: int(8080, 0, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Env = z.output<typeof schema>;

/** Every configuration key, for .env.example checks and check-config. */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

/** The validated configuration, grouped for the code that uses it. */
export interface Config {
  imap: {
    host: string; port: number; secure: boolean; user: string;
    password?: string; accessToken?: string;
    mailbox: string; processedMailbox: string; quarantineMailbox: string; pollSeconds: number;
  };
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string };
  mailFrom: string;
  /** The complaints address: Reply-To of every letter, so every answer comes back to the mailbox. */
  mailboxAddress: string;
  redisUrl: string;
  queuePrefix: string;
  dataDir: string;
  commissionerEmails: string[];
  commissionerName: string;
  practiceName: string;
  practiceOwnerEmail?: string;
  commandAuth: 'dkim' | 'authres' | 'none';
  authservId?: string;
  ackMode: 'auto' | 'review';
  casePrefix: string;
  defaultLanguage: 'nl' | 'en';
  timeZone: string;
  terms: { ackWd: number; presentWd: number; responseWd: number; handleWd: number; appealWd: number };
  retentionMonths: number;
  reminderWdBefore: number;
  reminderHour: number;
  liberationDay: 'yearly' | 'lustrum';
  closedDays: string[];
  maxMessageBytes: number;
  maxNewCasesPerSenderPerDay: number;
  send: { maxAttempts: number; retryBaseMs: number };
  http: { host: string; port: number };
  logLevel: Env['LOG_LEVEL'];
}

/** Thrown when the environment does not make a valid configuration; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
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
  if (parsed.success) problems.push(...crossChecks(parsed.data));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return toConfig(parsed.data);
}

function crossChecks(e: Env): string[] {
  const out: string[] = [];
  if (!e.IMAP_PASSWORD && !e.IMAP_ACCESS_TOKEN) out.push('IMAP_PASSWORD: is required (or IMAP_ACCESS_TOKEN for OAuth2)');
  if (e.COMMAND_AUTH === 'authres' && !e.AUTHSERV_ID) out.push('AUTHSERV_ID: is required when COMMAND_AUTH=authres');
  if (e.SMTP_USER && !e.SMTP_PASSWORD) out.push('SMTP_PASSWORD: is required when SMTP_USER is set');
  if (e.IMAP_MAILBOX === e.IMAP_PROCESSED_MAILBOX || e.IMAP_MAILBOX === e.IMAP_QUARANTINE_MAILBOX) {
    out.push('IMAP_PROCESSED_MAILBOX: must differ from IMAP_MAILBOX and IMAP_QUARANTINE_MAILBOX');
  }
  return out;
}

function toConfig(e: Env): Config {
  return {
    imap: {
      host: e.IMAP_HOST, port: e.IMAP_PORT, secure: e.IMAP_SECURE, user: e.IMAP_USER,
      password: e.IMAP_PASSWORD, accessToken: e.IMAP_ACCESS_TOKEN,
      mailbox: e.IMAP_MAILBOX, processedMailbox: e.IMAP_PROCESSED_MAILBOX,
      quarantineMailbox: e.IMAP_QUARANTINE_MAILBOX, pollSeconds: e.IMAP_POLL_SECONDS,
    },
    smtp: { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, user: e.SMTP_USER, password: e.SMTP_PASSWORD },
    mailFrom: e.MAIL_FROM,
    mailboxAddress: e.MAILBOX_ADDRESS ?? e.MAIL_FROM,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    dataDir: e.DATA_DIR,
    commissionerEmails: e.COMMISSIONER_EMAILS,
    commissionerName: e.COMMISSIONER_NAME,
    practiceName: e.PRACTICE_NAME,
    practiceOwnerEmail: e.PRACTICE_OWNER_EMAIL,
    commandAuth: e.COMMAND_AUTH,
    authservId: e.AUTHSERV_ID,
    ackMode: e.ACK_MODE,
    casePrefix: e.CASE_PREFIX,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    timeZone: e.TIMEZONE,
    terms: {
      ackWd: e.TERM_ACK_WD, presentWd: e.TERM_PRESENT_WD, responseWd: e.TERM_RESPONSE_WD,
      handleWd: e.TERM_HANDLE_WD, appealWd: e.TERM_APPEAL_WD,
    },
    retentionMonths: e.RETENTION_MONTHS,
    reminderWdBefore: e.REMINDER_WD_BEFORE,
    reminderHour: e.REMINDER_HOUR,
    liberationDay: e.LIBERATION_DAY,
    closedDays: e.CLOSED_DAYS,
    maxMessageBytes: e.MAX_MESSAGE_MB * 1024 * 1024,
    maxNewCasesPerSenderPerDay: e.MAX_NEW_CASES_PER_SENDER_PER_DAY,
    send: { maxAttempts: e.SEND_MAX_ATTEMPTS, retryBaseMs: e.SEND_RETRY_BASE_MS },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL,
  };
}
