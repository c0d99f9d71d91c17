import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS, loadConfig } from '../../src/config.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { problemsOf } from '../support/config-problems.js';

const VALID = {
  IMAP_HOST: 'imap.example.nl',
  IMAP_USER: 'klachten@example.nl',
  IMAP_PASSWORD: 'secret',
  SMTP_HOST: 'smtp.example.nl',
  MAIL_FROM: 'klachten@example.nl',
  COMMISSIONER_EMAILS: 'maja@roozmondmediation.nl',
  COMMISSIONER_NAME: 'M. Roozmond',
  PRACTICE_NAME: 'Praktijk LUX',
};


describe('config', () => {
  it('when only the required keys are set, then every default of SPEC §10 applies', () => {
    const c = loadConfig(VALID);
    expect(c.imap).to.include({ port: 993, secure: true, mailbox: 'INBOX', processedMailbox: 'Klachten/Verwerkt', quarantineMailbox: 'Klachten/Quarantaine' });
    expect(c.smtp).to.include({ port: 587, secure: false });
    expect(c.redisUrl).to.equal('redis://127.0.0.1:6379');
    expect(c.commandAuth).to.deep.equal(['dkim']);
    expect(c.mailboxMode).to.equal('dedicated');
    expect(c.imap.intakeMailbox).to.equal('Klachten');
    expect(c.ackMode).to.equal('auto');
    expect(c.casePrefix).to.equal('KL');
    expect(c.defaultLanguage).to.equal('nl');
    expect(c.timeZone).to.equal('Europe/Amsterdam');
    expect(c.terms).to.deep.equal({ ackWd: 10, presentWd: 10, responseWd: 10, handleWd: 30, appealWd: 20, appealHandleWd: 30 });
    expect(c.retentionMonths).to.equal(24);
    expect(c.reminderWdBefore).to.equal(3);
    expect(c.reminderHour).to.equal(9);
    expect(c.liberationDay).to.equal('yearly');
    expect(c.http).to.deep.equal({ host: '127.0.0.1', port: 8080 });
    expect(c.mailboxAddress).to.equal('klachten@example.nl');
  });

  it('when nothing is set, then every missing required key is named, one line each', () => {
    const problems = problemsOf({});
    for (const key of ['IMAP_HOST', 'IMAP_USER', 'SMTP_HOST', 'MAIL_FROM', 'COMMISSIONER_EMAILS', 'COMMISSIONER_NAME', 'PRACTICE_NAME']) {
      expect(problems.some((p) => p.startsWith(`${key}:`)), `${key} in ${problems.join(' | ')}`).to.equal(true);
    }
  });

  const bad: [string, string, RegExp][] = [
    ['IMAP_PORT', 'abc', /IMAP_PORT: must be a whole number/],
    ['IMAP_PORT', '70000', /IMAP_PORT: must be at most 65535/],
    ['IMAP_SECURE', 'maybe', /IMAP_SECURE: must be true or false/],
    ['SMTP_PORT', '0', /SMTP_PORT: must be at least 1/],
    ['MAIL_FROM', 'not-an-address', /MAIL_FROM: must be an e-mail address/],
    ['COMMISSIONER_EMAILS', 'maja@example.nl, nobody', /COMMISSIONER_EMAILS: must hold only e-mail addresses/],
    ['COMMAND_AUTH', 'trust-me', /COMMAND_AUTH: must be a comma-separated list of dkim, authres, exchange, sent-folder, none/],
    ['ACK_MODE', 'later', /ACK_MODE: must be auto or review/],
    ['CASE_PREFIX', 'kl-', /CASE_PREFIX: must be 1-8 capitals/],
    ['DEFAULT_LANGUAGE', 'de', /DEFAULT_LANGUAGE: must be nl or en/],
    ['TIMEZONE', 'Mars/Olympus', /TIMEZONE: must be an IANA time zone/],
    ['TERM_ACK_WD', '-1', /TERM_ACK_WD: must be at least 1/],
    ['TERM_HANDLE_WD', '3.5', /TERM_HANDLE_WD: must be a whole number/],
    ['REMINDER_HOUR', '24', /REMINDER_HOUR: must be at most 23/],
    ['LIBERATION_DAY', 'never', /LIBERATION_DAY: must be yearly or lustrum/],
    ['CLOSED_DAYS', '2026-12-24,2026-02-30', /CLOSED_DAYS: holds '2026-02-30'/],
    ['REDIS_URL', 'http://localhost', /REDIS_URL: must start with redis:\/\//],
    ['IMAP_PROCESSED_MAILBOX', 'INBOX', /IMAP_PROCESSED_MAILBOX: must differ/],
  ];
  for (const [key, value, expected] of bad) {
    it(`when ${key}=${value}, then the problem names ${key}`, () => {
      const problems = problemsOf({ ...VALID, [key]: value });
      expect(problems.join('\n')).to.match(expected);
    });
  }

  it('when several values are bad, then all of them are listed at once', () => {
    const problems = problemsOf({ ...VALID, IMAP_PORT: 'x', ACK_MODE: 'y', TIMEZONE: 'z' });
    expect(problems).to.have.length(3);
  });

  it('when COMMAND_AUTH=authres without AUTHSERV_ID, then that is a problem', () => {
    expect(problemsOf({ ...VALID, COMMAND_AUTH: 'authres' }).join()).to.match(/AUTHSERV_ID: is required/);
  });

  it('when neither IMAP_PASSWORD nor IMAP_ACCESS_TOKEN is set, then that is a problem', () => {
    const { IMAP_PASSWORD: _, ...rest } = VALID;
    expect(problemsOf(rest).join()).to.match(/IMAP_PASSWORD: is required/);
  });

  it('when a password is wrong, then its value is never echoed', () => {
    const problems = problemsOf({ ...VALID, SMTP_USER: 'u', IMAP_PORT: 'x' });
    expect(problems.join()).not.to.match(/secret/);
  });

  it('when CLOSED_DAYS holds dates, then they are parsed', () => {
    expect(loadConfig({ ...VALID, CLOSED_DAYS: '2026-12-24, 2026-12-31' }).closedDays).to.deep.equal(['2026-12-24', '2026-12-31']);
  });

  it('when PRACTICE_OWNER_NAME is set, then the owner is greeted by it; empty or absent, then not', () => {
    expect(loadConfig({ ...VALID, PRACTICE_OWNER_NAME: ' Emma Hafkamp ' }).practiceOwnerName).to.equal('Emma Hafkamp');
    expect(loadConfig({ ...VALID, PRACTICE_OWNER_NAME: '' }).practiceOwnerName).to.equal(undefined);
    expect(loadConfig(VALID).practiceOwnerName).to.equal(undefined);
  });

  it('when .env.example is read, then it documents exactly the keys the schema knows', () => {
    const documented = readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8').match(/^[A-Z][A-Z0-9_]*(?==)/gm) ?? [];
    expect([...documented].sort()).to.deep.equal([...CONFIG_KEYS].sort());
  });
});
