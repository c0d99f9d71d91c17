/**
 * Every letter the service sends, with who may receive it and how it marks itself as automatic.
 * The template files carry the words; this table carries the rules. The recipient guard
 * (recipient-guard.ts) checks every outgoing letter against `audience`.
 */
/** `sender`: whoever sent the inbound message the letter answers, and only that address (too-large-notice). */
export type RecipientRole = 'klager' | 'beklaagde' | 'deskundige' | 'commissioner' | 'owner' | 'sender';

export interface LetterSpec {
  /** Template name under templates/{lang}/. */
  name: string;
  /** RFC 3834 Auto-Submitted: answers to a message are auto-replied, notices auto-generated. */
  autoSubmitted: 'auto-replied' | 'auto-generated';
  audience: readonly RecipientRole[];
  /** Whether the letter belongs to a case (and so carries its tag and may only reach its parties). */
  caseLetter: boolean;
  /**
   * A commissioner's letter that by nature names cases of several practices (the digest, the
   * overview): the content guard (assertNoOtherPractice) does not check it for other practices.
   */
  spansPractices?: boolean;
}

const spec = (name: string, autoSubmitted: LetterSpec['autoSubmitted'], audience: RecipientRole[], caseLetter = true): LetterSpec =>
  ({ name, autoSubmitted, audience, caseLetter });
/** A commissioner's letter over all practices (issue 16). */
const spanning = (s: LetterSpec): LetterSpec => ({ ...s, spansPractices: true });

export const LETTERS: Readonly<Record<string, LetterSpec>> = Object.fromEntries(
  [
    spec('acknowledgement', 'auto-replied', ['klager']),
    spec('new-complaint-notice', 'auto-generated', ['commissioner']),
    // A complaint whose practice could not be told (issue 16): she is asked which it is, with `#praktijk ID`.
    spec('practice-question', 'auto-generated', ['commissioner']),
    spec('correspondence-notice', 'auto-generated', ['commissioner']),
    spec('quarantine-notice', 'auto-generated', ['commissioner'], false),
    spec('request-for-response', 'auto-generated', ['beklaagde']),
    spec('response-received', 'auto-generated', ['commissioner']),
    spec('hearing-invitation', 'auto-generated', ['klager', 'beklaagde']),
    spec('expert-secrecy-notice', 'auto-generated', ['deskundige']),
    // The commissioner gets a copy of the ruling as the klager got it (issue 13).
    spec('ruling', 'auto-generated', ['klager', 'beklaagde', 'owner', 'commissioner']),
    spec('added-to-case', 'auto-replied', ['klager']),
    spec('response-receipt', 'auto-replied', ['beklaagde']),
    spec('complaint-presented', 'auto-generated', ['klager']),
    spec('ruling-delayed', 'auto-generated', ['klager', 'beklaagde']),
    spec('appeal-acknowledgement', 'auto-replied', ['klager']),
    spec('appeal-out-of-term', 'auto-replied', ['klager']),
    // An admitted appeal also reaches the owner, who is carrying out the first ruling (art. 9).
    spec('appeal-decision', 'auto-generated', ['klager', 'beklaagde', 'owner']),
    // #overzicht, #help and a receipt of several commands may name cases of every practice.
    spanning(spec('command-reply', 'auto-replied', ['commissioner'], false)),
    spec('security-alert', 'auto-generated', ['commissioner'], false),
    spec('extension-notice', 'auto-generated', ['klager', 'beklaagde']),
    spec('reminder-beklaagde', 'auto-generated', ['beklaagde']),
    spanning(spec('commissioner-digest', 'auto-generated', ['commissioner'], false)),
    spanning(spec('weekly-overview', 'auto-generated', ['commissioner'], false)),
    spec('case-closed', 'auto-generated', ['klager', 'beklaagde', 'commissioner']),
    spec('too-large-notice', 'auto-replied', ['sender'], false),
    spec('bounce-alert', 'auto-generated', ['commissioner'], false),
    spec('flood-notice', 'auto-generated', ['commissioner'], false),
    // The web overview's one-time sign-in link (src/web), asked for on its sign-in page.
    spec('login-link', 'auto-generated', ['commissioner'], false),
    // #dossier: the case's file as a PDF, to the commissioner only (never to a party).
    spec('dossier-for-commissioner', 'auto-replied', ['commissioner']),
    // Links refused because someone asked for too many (issue 14 §4): she learns of it.
    spec('sign-in-refused', 'auto-generated', ['commissioner'], false),
  ].map((s) => [s.name, s]),
);

export function letterSpec(name: string): LetterSpec {
  const s = LETTERS[name];
  if (!s) throw new Error(`unknown letter '${name}'`);
  return s;
}
