/**
 * The outcome a page shows for a case: the ruling's (gegrond, ongegrond, ...), or for a case that
 * ended without one, how it ended: no complaint (#geen-klacht) or withdrawn (#ingetrokken), also
 * once it was closed after that. Empty while there is none. In the page's language.
 */
import type { AppContext } from '../use-cases/context.js';
import type { WebViews } from './views.js';

const ENDED_WITHOUT_RULING = ['dismissed', 'withdrawn'];

export function shownOutcome(ctx: AppContext, views: WebViews, c: { id: number; state: string; outcome: string | null }): string {
  if (c.outcome) return views.label('outcome', c.outcome);
  if (ENDED_WITHOUT_RULING.includes(c.state)) return views.label('state', c.state);
  if (c.state !== 'closed') return '';
  const close = ctx.store.cases.events(c.id).filter((e) => e.type === 'close').pop();
  return close?.from_state && ENDED_WITHOUT_RULING.includes(close.from_state) ? views.label('state', close.from_state) : '';
}
