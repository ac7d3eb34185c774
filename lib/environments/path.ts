import { environmentPath } from './route';

const PREFIX = /^\/e\/([^/?#]+)(?=[/?#]|$)/;

/** The environment a page path names (`/e/prod/queues` → `prod`), or undefined. */
export function environmentOfPath(pathname: string): string | undefined {
  const match = PREFIX.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** The path within the environment: `/e/prod/queues/x` → `/queues/x`, `/e/prod` → `/`; other paths unchanged. */
export function stripEnvironment(pathname: string): string {
  const match = PREFIX.exec(pathname);
  if (!match) return pathname;
  const rest = pathname.slice(match[0].length);
  return rest === '' || rest.startsWith('?') || rest.startsWith('#') ? `/${rest}` : rest;
}

/**
 * An internal URL (`/queues/x?q=1`, `/api/queues`) within environment `environment` — by default the
 * one of the page the browser shows (`window.location`). Every page link, route call and event
 * stream goes through this, so a page of one environment never reads another's. Left alone: URLs
 * that already carry an environment, external and relative ones, and everything when no
 * environment is known (a server render without one).
 */
export function withEnvironment(url: string, environment: string | undefined = currentBrowserEnvironment()): string {
  if (!environment || !url.startsWith('/') || url.startsWith('//') || PREFIX.test(url)) return url;
  const cut = url.search(/[?#]/);
  const path = cut === -1 ? url : url.slice(0, cut);
  const rest = cut === -1 ? '' : url.slice(cut);
  return `${environmentPath(environment, path)}${rest}`;
}

/**
 * The root layout's mark on a page served for an environment Eddy does not have (`/e/<name>/…`):
 * the proxy renders it in the default environment, so its banners and links must call that one.
 */
export const UNKNOWN_ENVIRONMENT_ATTRIBUTE = 'data-unknown-environment';

/** The environment of the page the browser shows; undefined on the server and on an unknown environment's page. */
export function currentBrowserEnvironment(): string | undefined {
  if (typeof window === 'undefined') return undefined;
  const named = environmentOfPath(window.location.pathname);
  return named !== undefined && named === document.documentElement.getAttribute(UNKNOWN_ENVIRONMENT_ATTRIBUTE) ? undefined : named;
}
