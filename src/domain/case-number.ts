/** Case numbers `{PREFIX}-{YYYY}-{NNNN}` and the `[KL-2026-0001]` tag in subjects. */

export function formatCaseNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(4, '0')}`;
}

const TAG = /\[([A-Z][A-Z0-9]{0,7}-\d{4}-\d{4,6})\]/;

/** The case number in a subject's `[KL-2026-0001]` tag, if any (first tag wins). */
export function caseNumberInSubject(subject: string): string | null {
  return TAG.exec(subject)?.[1] ?? null;
}

/** A subject without the `[KL-…]` tag of this case, e.g. an incoming "Re: [KL-2026-0007] Uitspraak" as "Re: Uitspraak". */
export function withoutCaseTag(subject: string, caseNumber: string): string {
  return subject.split(`[${caseNumber}]`).join(' ').replace(/\s+/g, ' ').trim();
}

/** Subject of an outgoing letter: always starts with the case tag. */
export function taggedSubject(caseNumber: string | null, subject: string): string {
  const clean = subject.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return caseNumber ? `[${caseNumber}] ${clean}` : clean;
}
