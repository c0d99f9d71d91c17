/** GET / : the open cases (soonest deadline first) and the recently ended ones; `?practice=ID` for one practice's. */
import { sendHtml } from '../http.js';
import { caseList, RECENT_DAYS } from '../case-list-model.js';
import type { Route } from '../types.js';

export const showCaseList: Route = (deps, call) => {
  const { open, recent, today, practices } = caseList(deps.ctx, deps.views, call.url.searchParams.get('practice') ?? undefined);
  sendHtml(call.res, 200, call.headers, deps.views.render('case-list', { open, recent, today, practices, recentDays: RECENT_DAYS, email: call.email }));
};
