/**
 * `cases list|show` and `report` only read the store: they need DATA_DIR and the practice's own
 * keys (commissioner, practice, time zone, terms), never the mailbox or the mail server. The
 * connection keys they never use are filled with inert values when absent, so that the
 * commissioner can look at her cases (or the demo's) without the service's credentials.
 */
const UNUSED: Readonly<Record<string, string>> = {
  IMAP_HOST: 'unused.invalid',
  IMAP_USER: 'unused',
  IMAP_PASSWORD: 'unused',
  SMTP_HOST: 'unused.invalid',
  MAIL_FROM: 'unused@unused.invalid',
};

export function readOnlyEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const filled = { ...env };
  for (const [k, v] of Object.entries(UNUSED)) if (!filled[k]) filled[k] = v;
  return filled;
}
