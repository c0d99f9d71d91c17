/** GET /web.css : the one stylesheet (the CSP allows styles from the app itself only); GET /favicon.svg and /favicon.ico : the icon. */
import type { Route } from '../types.js';

export const serveCss: Route = (deps, call) => {
  call.res.writeHead(200, {
    ...call.headers, 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600',
  }).end(deps.views.css);
};

/**
 * The icon: a small SVG, from the app itself (nothing external). /favicon.ico is answered too, for
 * browsers and tools that ask for it without reading the page's <link rel="icon">; it is the same
 * SVG with its own, true content type.
 */
export const serveFavicon: Route = (deps, call) => {
  call.res.writeHead(200, {
    ...call.headers, 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400',
  }).end(deps.views.favicon);
};
