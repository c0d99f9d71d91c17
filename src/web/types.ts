/** What every web route is given. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../use-cases/context.js';
import type { Logger } from '../logger.js';
import type { SignInRepo } from '../store/sign-in-repo.js';
import type { WebViews } from './views.js';

export interface WebDeps {
  ctx: AppContext;
  views: WebViews;
  signIns: SignInRepo;
  /** The public address: the sign-in link points here, and a POST must come from its origin. */
  baseUrl: URL;
  sessionHours: number;
  log: Logger;
}

export interface WebCall {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters of the route, in order. */
  params: string[];
  secure: boolean;
  /** Headers every response carries (security headers). */
  headers: Record<string, string>;
  /** The signed-in commissioner, or null. */
  email: string | null;
  /** The session cookie's token, when one was sent. */
  sessionToken: string | null;
}

export type Route = (deps: WebDeps, call: WebCall) => void | Promise<void>;
