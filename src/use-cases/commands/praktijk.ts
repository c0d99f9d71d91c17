/**
 * #praktijk ID: give a held case (issue 16: a complaint whose practice could not be told) its
 * practice. It gets the next number of that practice's series for the year of receipt (the held
 * number stays an alias, so replies to it still arrive), the practice's language, and its terms
 * counted again from the date of receipt on the practice's own procedure: the complaint was
 * received then, not when she chose. Then it opens as any complaint of that practice would have:
 * the acknowledgement to the klager and the new-complaint notice to her, under the new number.
 */
import { CommandRefused } from '../../errors/index.js';
import { deadlinesStartedBy } from '../../domain/deadlines.js';
import type { Practice } from '../../domain/practice.js';
import { isHeldCase } from '../held-case.js';
import { writeOpeningLetters } from '../open-case.js';
import { practiceOfCase } from '../practice-of.js';
import { requireCase, type CommandContext, type CommandHandler } from './types.js';

const USAGE = '#praktijk ID';

export const praktijk: CommandHandler<'praktijk'> = (cc, cmd) => {
  const { ctx } = cc;
  const c = requireCase(cc);
  const list = ctx.config.practices.practices.map((p) => `${p.id} (${p.name})`).join(', ');
  if (!isHeldCase(ctx, c)) {
    const p = practiceOfCase(ctx, c);
    throw new CommandRefused(
      `zaak ${c.number} hoort al bij ${p ? `${p.name} (${p.id})` : 'een praktijk'}; #praktijk is alleen voor een zaak waarvan de praktijk nog niet bekend is`,
      `case ${c.number} already belongs to ${p ? `${p.name} (${p.id})` : 'a practice'}; #practice is only for a case whose practice is not known yet`,
      undefined, 'state',
    );
  }
  const practice = ctx.config.practices.practices.find((p) => p.id.toLowerCase() === cmd.practiceId);
  if (!practice) {
    throw new CommandRefused(`${cmd.practiceId} is geen praktijk van deze klachtenbalie; kies uit: ${list}`, `${cmd.practiceId} is not a practice of this desk; choose from: ${list}`, USAGE);
  }
  if (c.state !== 'received') {
    throw new CommandRefused(
      `zaak ${c.number} is niet meer in behandeling (${c.state}); een praktijk toewijzen kan alleen aan een nieuwe klacht`,
      `case ${c.number} is no longer being handled (${c.state}); a practice can only be assigned to a new complaint`,
      undefined, 'state',
    );
  }
  const oldNumber = c.number;
  const assigned = assign(cc, c.id, practice);
  return {
    done: `zaak ${oldNumber} hoort bij ${practice.name} en is nu zaak ${assigned.number}${assigned.state === 'acknowledged' ? '; de klager kreeg de ontvangstbevestiging' : ''}`,
    doneEn: `case ${oldNumber} belongs to ${practice.name} and is now case ${assigned.number}${assigned.state === 'acknowledged' ? '; the complainant was sent the acknowledgement' : ''}`,
    caseRow: assigned,
  };
};

/** The assignment itself, in the command's transaction. */
function assign(cc: CommandContext, caseId: number, practice: Practice) {
  const { ctx } = cc;
  const { store } = ctx;
  const now = ctx.clock.now().toISOString();
  const c = store.cases.get(caseId)!;
  const number = store.cases.nextNumber(practice.casePrefix, c.year);
  store.cases.assignPractice(c.id, practice.id, number, practice.language, now);
  // The terms so far ran on a stand-in procedure; they start again from the date of receipt on
  // the practice's own (with Wkkgz, the handling term from receipt too).
  store.deadlines.cancelAllOpen(c.id, now);
  for (const d of deadlinesStartedBy('receive', c.received_date, practice.procedure, ctx.calendar)) store.deadlines.start(c.id, d, now);
  store.cases.appendEvent({
    caseId: c.id, at: now, actor: cc.actor, type: 'practice-assigned', messageRef: cc.messageRef,
    data: { practiceId: practice.id, from: c.number, to: number },
  });
  // A question not yet sent is answered already (#nieuw and #praktijk in one mail).
  for (const l of store.outbox.byCase(c.id)) if (l.template === 'practice-question' && l.status === 'pending') store.outbox.cancel(l.id, 'answered by #praktijk');
  const complaint = store.messages.complaintOf(c.id);
  const klager = store.cases.parties(c.id).find((p) => p.role === 'klager');
  // The acknowledgement answers the klager's own mail; one opened by #nieuw was her forward, not his.
  const answers = complaint?.message_id && !complaint.message_id.startsWith('sha256:') && complaint.from_addr === klager?.email;
  writeOpeningLetters(ctx, c.id, {
    actor: cc.actor, messageRef: cc.messageRef, inReplyTo: answers ? complaint.message_id : null, references: [],
    complaintText: complaint?.text ?? '', attachments: complaint ? store.messages.attachmentsOf(complaint.id) : [],
  });
  return store.cases.get(c.id)!;
}
