/**
 * The service's configuration for a private stack (demo, tests, benchmarks): the mailbox,
 * SMTP and Redis of `startStack`, and the people of SPEC §1 as mailbox users on it.
 */
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';

export const DEMO_DOMAIN = 'praktijk.test';

/** The mailbox users a stack needs: the complaints mailbox, the commissioner and the parties. */
export const DEMO_USERS = [
  { user: 'klachten', password: 'klachten-pw' },
  { user: 'commissaris', password: 'commissaris-pw' },
  { user: 'eigenaar', password: 'eigenaar-pw' },
  { user: 'klager', password: 'klager-pw' },
  // A second complainant, so that the demo can file a complaint of its own beside the sample one.
  { user: 'klager2', password: 'klager2-pw' },
  { user: 'beklaagde', password: 'beklaagde-pw' },
  // The owner of the demo's second practice (`npm run demo -- --practices`), directie@delinde-zorg.test.
  { user: 'directie', password: 'directie-pw' },
  { user: 'deskundige', password: 'deskundige-pw' },
];

export interface StackEndpoints {
  redisUrl: string;
  imap: { host: string; port: number };
  smtp: { host: string; port: number };
}

/** Environment for the service on a private stack; `overrides` win. */
export function stackEnv(s: StackEndpoints, dataDir: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    IMAP_HOST: s.imap.host,
    IMAP_PORT: String(s.imap.port),
    IMAP_SECURE: 'false',
    IMAP_USER: 'klachten',
    IMAP_PASSWORD: 'klachten-pw',
    IMAP_POLL_SECONDS: '2',
    SMTP_HOST: s.smtp.host,
    SMTP_PORT: String(s.smtp.port),
    SMTP_SECURE: 'false',
    MAIL_FROM: `klachten@${DEMO_DOMAIN}`,
    REDIS_URL: s.redisUrl,
    QUEUE_PREFIX: `cd-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    DATA_DIR: dataDir,
    COMMISSIONER_EMAILS: `commissaris@${DEMO_DOMAIN}`,
    COMMISSIONER_NAME: 'M. Roozmond',
    PRACTICE_NAME: 'Praktijk LUX',
    PRACTICE_OWNER_EMAIL: `eigenaar@${DEMO_DOMAIN}`,
    COMMAND_AUTH: 'none',
    HTTP_PORT: '0',
    SEND_RETRY_BASE_MS: '200',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...overrides,
  };
}

export function stackConfig(s: StackEndpoints, dataDir: string, overrides: Record<string, string> = {}): Config {
  return loadConfig(stackEnv(s, dataDir, overrides));
}
