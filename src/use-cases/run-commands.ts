/**
 * The commissioner's commands (SPEC §6): all commands of one mail run together or not at all
 * (a savepoint inside the ingest transaction), and she gets one receipt listing what was done
 * and what is next, or what was wrong and how to write it. Nothing changes on any error.
 */
import { CommandRefused } from '../errors/index.js';
import { COMMAND_TABLE, type Command, type ParsedCommands } from '../domain/commands.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import type { CaseRow } from '../store/cases-repo.js';
import { caseFacts, nextOpenDeadline } from './case-facts.js';
import type { AppContext } from './context.js';
import { HANDLERS } from './commands/index.js';
import type { CommandContext, CommandHandler, CommandOutcome } from './commands/types.js';

import { writeLetter } from './write-letter.js';

export interface RunCommandsInput {
  mail: InboundMail;
  parsed: ParsedCommands;
  caseRow: CaseRow | null;
  /** A case tag in the subject that names no case we know. */
  unknownCaseNumber: string | null;
  actor: string;
  messageRef: number;
  /** How the mail was authenticated (issue 12: the #help receipt shows the evidence). */
  auth?: CommandContext['auth'];
}

/** `kind` 'state': the form was right, the case's state did not allow it (the receipt then does not say "write it again"). */
interface ReplyError { word: string; problem: string; problemEn: string; usage: string; usageEn?: string; kind: 'form' | 'state' }

/** Run the commands of one mail and write the receipt. Returns the case acted on, if any. */
export function runCommands(ctx: AppContext, input: RunCommandsInput): CaseRow | null {
  const errors: ReplyError[] = input.parsed.errors.map((e) => ({ word: e.word, problem: e.problem, problemEn: e.problemEn, usage: e.usage, usageEn: e.usageEn, kind: 'form' as const }));
  let outcomes: CommandOutcome[] = [];
  let caseRow = input.caseRow;
  const commands = withoutRepeats(input.parsed.commands);
  for (const [i, cmd] of commands.entries()) {
    const needsCase = COMMAND_TABLE.find((t) => t.name === cmd.name)?.needsCase ?? true;
    // `#nieuw` then `#praktijk ID` (issue 16): the practice of the case that #nieuw opens.
    const opened = cmd.name === 'praktijk' && commands.slice(0, i).some((c) => c.name === 'nieuw');
    if (needsCase && !caseRow && !opened) errors.push(noCaseError(cmd, input.unknownCaseNumber));
  }
  if (errors.length === 0) {
    try {
      outcomes = ctx.store.tx(() => {
        const out: CommandOutcome[] = [];
        for (const cmd of commands) {
          const cc: CommandContext = { ctx, caseRow, actor: input.actor, messageRef: input.messageRef, mail: input.mail, freeText: input.parsed.freeText, quotedText: input.parsed.quotedText, auth: input.auth };
          const o = (HANDLERS[cmd.name] as CommandHandler)(cc, cmd);
          caseRow = o.caseRow ?? (caseRow ? ctx.store.cases.get(caseRow.id)! : null);
          out.push(o);
        }
        return out;
      });
    } catch (err) {
      if (!(err instanceof CommandRefused)) throw err;
      caseRow = input.caseRow;
      errors.push({ word: '', problem: err.problem, problemEn: err.problemEn, usage: err.usage ?? '', kind: err.kind });
    }
  }
  writeReceipt(ctx, input, caseRow, outcomes, errors);
  return caseRow;
}

/**
 * The same command twice in one mail is one command: people write it in the subject and again on
 * the first line of the body (issue 13). Running it twice would refuse the second ("already
 * decided") and so undo the first.
 */
function withoutRepeats(commands: readonly Command[]): Command[] {
  const seen = new Set<string>();
  return commands.filter((c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function noCaseError(cmd: Command, unknown: string | null): ReplyError {
  const usage = COMMAND_TABLE.find((t) => t.name === cmd.name)?.usage ?? '';
  return unknown
    ? { word: `#${cmd.name}`, problem: `zaak ${unknown} bestaat niet`, problemEn: `case ${unknown} does not exist`, usage: `[KL-JJJJ-NNNN] ${usage}`, kind: 'form' }
    : { word: `#${cmd.name}`, problem: 'deze opdracht hoort bij een zaak: zet het zaaknummer in het onderwerp, bv. [KL-2026-0001], of antwoord op een brief van de zaak',
        problemEn: 'this command needs a case: put the case number in the subject, e.g. [KL-2026-0001], or reply to a letter of the case', usage: `[KL-JJJJ-NNNN] ${usage}`, kind: 'form' };
}

function writeReceipt(ctx: AppContext, input: RunCommandsInput, caseRow: CaseRow | null, outcomes: CommandOutcome[], errors: ReplyError[]): void {
  const facts = caseRow ? caseFacts(ctx, caseRow.id) : {};
  const sections = Object.assign({}, ...outcomes.map((o) => o.sections ?? {})) as Record<string, unknown>;
  writeLetter(ctx, {
    caseId: caseRow?.id ?? null, caseNumber: caseRow?.number ?? null, template: 'command-reply', role: 'commissioner',
    // On a case, in the case's language (issue 13): her refusal names the state and the commands
    // as the case's letters do. Without a case, in the desk's default language.
    to: input.actor, language: caseRow?.language ?? ctx.config.defaultLanguage, inReplyTo: input.mail.messageId,
    references: [...input.mail.references, ...(input.mail.messageId ? [input.mail.messageId] : [])],
    facts: {
      ...facts, hasCase: !!caseRow, done: outcomes.map((o) => ({ nl: o.done, en: o.doneEn })), errors, ok: errors.length === 0,
      formErrors: errors.some((e) => e.kind === 'form'),
      // Lines not read as commands, so that she knows (issue 14 §1): below prose, or in the quote.
      skipped: [
        ...input.parsed.ignored.map((line) => ({ line, quoted: false })),
        ...input.parsed.quotedCommands.map((line) => ({ line, quoted: true })),
      ],
      nothingDone: outcomes.length === 0 && errors.length === 0,
      nextDeadline: caseRow ? nextOpenDeadline(facts) : null, state: caseRow?.state ?? '',
      ...sections,
      ...(outcomes.some((o) => o.attach?.length) ? { attach: outcomes.flatMap((o) => o.attach ?? []) } : {}),
    },
  });
}
