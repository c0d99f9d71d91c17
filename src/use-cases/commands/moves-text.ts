/** The moved deadlines of #verleng and #afwezig as receipt text: each term by its name, old and new date. */
import { formatLocalDate } from '../../domain/text-format.js';
import type { MoveResult } from '../move-deadlines.js';
import type { CommandContext } from './types.js';

export function movesText(cc: CommandContext, moved: MoveResult['moved'], lang: 'nl' | 'en', none: string): string {
  return moved.map((m) => `${cc.ctx.renderer.label(lang, 'deadline', m.kind)}: ${formatLocalDate(m.from, lang)} → ${formatLocalDate(m.to, lang)}`)
    .join('; ') || none;
}
