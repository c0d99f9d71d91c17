/** A short page for errors and refusals (not found, link used or expired, foreign form). */
import type { WebDeps } from './types.js';

export type NoticeKey = 'not-found' | 'link-refused' | 'foreign' | 'error';

export function notice(deps: WebDeps, key: NoticeKey): string {
  return deps.views.render('notice', { title: deps.views.ui(`${key}.title`), text: deps.views.ui(`${key}.text`), signInLink: key !== 'error' });
}
