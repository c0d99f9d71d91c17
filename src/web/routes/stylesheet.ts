/** GET /web.css : the one stylesheet (the CSP allows styles from the app itself only). */
import type { Route } from '../types.js';

export const serveCss: Route = (deps, call) => {
  call.res.writeHead(200, {
    ...call.headers, 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600',
  }).end(deps.views.css);
};
