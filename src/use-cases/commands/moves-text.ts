/** The moved deadlines of #verleng and #afwezig as receipt text: each term by its name, old and new date. */
import { formatLocalDate } from '../../domain/text-format.js';
import type { MoveResult } from '../move-deadlines.js';
import type { CommandContext } from './types.js';
import { practiceOfCase } from '../practice-of.js';

export function movesText(cc: CommandContext, moved: MoveResult['moved'], lang: 'nl' | 'en', none: string): string {
  // The terms as the case's practice names them (a Wkkgz case's cite the law, issue 16).
  const of = { practiceId: cc.caseRow ? practiceOfCase(cc.ctx, cc.caseRow)?.id : undefined };
  return moved.map((m) => `${cc.ctx.renderer.label(lang, 'deadline', m.kind, of)}: ${formatLocalDate(m.from, lang)} → ${formatLocalDate(m.to, lang)}`)
    .join('; ') || none;
}
