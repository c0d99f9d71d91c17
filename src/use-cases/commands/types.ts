/** What a command handler gets and gives. One handler per command, in this folder. */
import type { Command, CommandName } from '../../domain/commands.js';
import type { InboundMail } from '../../domain/inbound-mail.js';
import type { AttachSpec } from '../../mail-out/attachments.js';
import type { CaseRow } from '../../store/cases-repo.js';
import type { AppContext } from '../context.js';
import type { SenderAuth } from '../commissioner-mail.js';

export interface CommandContext {
  ctx: AppContext;
  /** The case the mail refers to, or null (only #overzicht, #help and #nieuw work without one). */
  caseRow: CaseRow | null;
  /** The commissioner's address: the actor in the event log. */
  actor: string;
  /** The commissioner's mail as filed (the cause in the event log). */
  messageRef: number;
  mail: InboundMail;
  /** The mail's body text that is neither a command line nor quoted: grounds, notes, a forwarded complaint. */
  freeText: string;
  /** The quoted or forwarded part of the body (a complaint forwarded to the commissioner sits here). */
  quotedText: string;
  /** How her mail was authenticated, with the evidence (#help lists it: issue 12). */
  auth?: SenderAuth;
}

/** One line of the receipt: what was done, in both languages; plus optional report sections. */
export interface CommandOutcome {
  done: string;
  doneEn: string;
  /** Extra sections for the receipt (#status, #overzicht, #help fill these). */
  sections?: Record<string, unknown>;
  /** The case a command created or acted on, when it was not known before (#nieuw). */
  caseRow?: CaseRow;
  /** Files the receipt carries (the access export of #inzage): stored blobs, to the commissioner only. */
  attach?: AttachSpec[];
}

export type CommandHandler<N extends CommandName = CommandName> = (cc: CommandContext, cmd: Extract<Command, { name: N }>) => CommandOutcome;

/** Narrow `cc.caseRow` for commands that need a case. */
export function requireCase(cc: CommandContext): CaseRow {
  if (!cc.caseRow) throw new Error('requireCase called without a case: the dispatcher checks needsCase first');
  return cc.caseRow;
}
