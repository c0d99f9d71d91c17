/** GET / : the open cases (soonest deadline first) and the recently ended ones. */
import { sendHtml } from '../http.js';
import { caseList, RECENT_DAYS } from '../case-list-model.js';
import type { Route } from '../types.js';

export const showCaseList: Route = (deps, call) => {
  const { open, recent, today } = caseList(deps.ctx, deps.views);
  sendHtml(call.res, 200, call.headers, deps.views.render('case-list', { open, recent, today, recentDays: RECENT_DAYS, email: call.email }));
};
