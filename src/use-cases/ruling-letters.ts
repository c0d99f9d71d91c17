/**
 * The ruling (art. 8), one letter per addressee in its own voice (issue 13): the klager is told of
 * her appeal (art. 13), the beklaagde that the ruling binds both parties, the practice owner what
 * art. 9 asks of the practice; and the commissioner gets a copy of the letter as the klager got it.
 * After an admitted appeal the same letters carry the ruling on appeal, with no further appeal.
 */
import type { AppContext } from './context.js';
import { practiceOfCase } from './practice-of.js';
import { writeLetter, writeToParties } from './write-letter.js';

export function writeRulingLetters(ctx: AppContext, caseId: number, facts: Record<string, unknown>): string[] {
  const c = ctx.store.cases.get(caseId)!;
  const sentTo: string[] = [];
  if (writeToParties(ctx, caseId, ['klager'], { template: 'ruling', facts: { ...facts, forKlager: true } })) sentTo.push('klager');
  if (writeToParties(ctx, caseId, ['beklaagde'], { template: 'ruling', facts: { ...facts, forBeklaagde: true } })) sentTo.push('beklaagde');
  // The ruling goes to this case's practice's owner only (issue 16), never another practice's.
  const owner = practiceOfCase(ctx, c)?.ownerEmails[0];
  if (owner) {
    writeLetter(ctx, { caseId, caseNumber: c.number, template: 'ruling', role: 'owner', to: owner, language: c.language, facts: { ...facts, forOwner: true } });
    sentTo.push('eigenaar');
  }
  const klager = ctx.store.cases.parties(caseId).find((p) => p.role === 'klager');
  for (const to of ctx.config.commissionerEmails) {
    writeLetter(ctx, {
      caseId, caseNumber: c.number, template: 'ruling', role: 'commissioner', to, language: c.language,
      facts: { ...facts, forKlager: true, copyForCommissioner: true, recipientName: klager?.name ?? '' },
    });
  }
  return sentTo;
}
