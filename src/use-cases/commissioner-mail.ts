/**
 * Mail from a commissioner address (SPEC §5 step 3, §7). Obeyed only when authenticated; a
 * forged or unauthenticated one changes nothing, is kept in quarantine, and the commissioner is
 * alerted. An authentic one is filed (in its case, if it names one) and its commands run; with
 * no command it is simply correspondence in the file.
 */
import { parseCommands } from '../domain/commands.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { localDateOf } from '../domain/calendar.js';
import { oneLine } from '../domain/text-format.js';
import type { AppContext } from './context.js';
import { runCommands } from './run-commands.js';
import { storeInbound } from './store-inbound.js';
import { writeToCommissioners } from './write-letter.js';

export interface SenderAuth {
  authenticated: boolean;
  method: string;
  reason: string;
  /** What was found (DKIM, Authentication-Results, Exchange, Sent folder), one line each (issue 12). */
  evidence?: string[];
  /** COMMAND_AUTH settings that would have accepted the mail. */
  wouldAccept?: string[];
}

export interface CommissionerMailInput {
  mail: InboundMail;
  auth: SenderAuth;
  caseId: number | null;
  unknownCaseNumber: string | null;
  storedMessageId: string;
  blobSha256: string;
  size: number;
}

export type CommissionerMailResult = { target: 'processed' | 'quarantine'; caseId: number | null; kind: 'forged' | 'commands' | 'filed' };

export function handleCommissionerMail(ctx: AppContext, input: CommissionerMailInput): CommissionerMailResult {
  const nowIso = ctx.clock.now().toISOString();
  const rec = { storedMessageId: input.storedMessageId, blobSha256: input.blobSha256, size: input.size, at: nowIso };
  if (!input.auth.authenticated) {
    storeInbound(ctx, input.mail, { ...rec, caseId: null, kind: 'forged-command', status: 'quarantined', reason: `not authenticated: ${input.auth.reason}` });
    writeToCommissioners(ctx, {
      caseId: null, caseNumber: null, template: 'security-alert',
      facts: {
        fromEmail: input.mail.from?.address ?? '', mailSubject: oneLine(input.mail.subject), reason: oneLine(input.auth.reason),
        method: input.auth.method, evidence: input.auth.evidence ?? [], wouldAccept: input.auth.wouldAccept ?? [], letterDate: localDateOf(ctx.clock.now(), ctx.config.timeZone),
        quarantineMailbox: ctx.config.imap.quarantineMailbox, practiceName: oneLine(ctx.config.practiceName),
      },
    });
    ctx.log.warn({ component: 'commands', method: input.auth.method }, 'unauthenticated mail from a commissioner address: nothing done, commissioner alerted');
    return { target: 'quarantine', caseId: null, kind: 'forged' };
  }
  const parsed = parseCommands(input.mail.subject, input.mail.text);
  const messageRef = storeInbound(ctx, input.mail, { ...rec, caseId: input.caseId, kind: 'commissioner', status: 'filed' });
  const skipped = parsed.ignored.length + parsed.quotedCommands.length;
  // A mail without commands is filed as her correspondence in the case, with no receipt; when it
  // holds a command line we did not obey (below prose, or in the quote), she gets a receipt that says so.
  if (parsed.commands.length === 0 && parsed.errors.length === 0) {
    if (input.caseId) ctx.store.cases.appendEvent({ caseId: input.caseId, at: nowIso, actor: input.mail.from!.address, type: 'mail-commissioner', messageRef });
    if (skipped === 0) return { target: 'processed', caseId: input.caseId, kind: 'filed' };
  }
  const caseRow = runCommands(ctx, {
    mail: input.mail, parsed, caseRow: input.caseId ? ctx.store.cases.get(input.caseId)! : null,
    unknownCaseNumber: input.unknownCaseNumber, actor: input.mail.from!.address, messageRef, auth: input.auth,
  });
  return { target: 'processed', caseId: caseRow?.id ?? input.caseId, kind: 'commands' };
}
