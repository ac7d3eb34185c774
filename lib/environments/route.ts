/**
 * Where the proxy sends a request, by its path (proxy.ts). Every page URL carries its environment:
 * `/e/<name>/queues/orders`. The proxy rewrites that to the route that exists (`/queues/orders`)
 * and names the environment in a request header; a page URL without it is an old link or a
 * bookmark and is redirected to the default environment's URL; the API (and sign-in, and Next's own
 * files) answers without the prefix too, for the default environment: scripts keep working.
 */
export type EnvironmentRoute =
  /** `/e/<name>/<rest>`: serve `/<rest>` for environment `environment`. */
  | { kind: 'rewrite'; environment: string; pathname: string }
  /** An API route, sign-in or a file without the prefix: serve as is, for the default environment. */
  | { kind: 'pass'; environment: string }
  /** A page without the prefix: answer a redirect to `pathname`. */
  | { kind: 'redirect'; pathname: string }
  /**
   * `/e/<name>/…` of an environment that does not exist: 404. A page answers with the app's
   * not-found page (served at `UNKNOWN_ENVIRONMENT_PATH` in the default environment `environment`,
   * so the layout and its links work); the API, sign-in and files answer JSON (`page` false).
   */
  | { kind: 'unknown'; name: string; page: boolean; environment: string };

/** The route a page of an unknown environment is served by: it answers 404 with the known environments. */
export const UNKNOWN_ENVIRONMENT_PATH = '/environment-not-found';

const PREFIXED = /^\/e\/([^/]+)(\/.*)?$/;

/** Paths that are never pages: the API, sign-in, Next's internals, a file at the root (`/favicon.ico`). */
function isNeverAPage(pathname: string): boolean {
  return /^\/(api|auth|_next)(\/|$)/.test(pathname) || /^\/[^/]+\.[a-z0-9]+$/i.test(pathname);
}

/** The route of `pathname` (as the browser sent it, percent-encoded) among environments `names`, the default first. */
export function routeEnvironment(pathname: string, names: readonly string[]): EnvironmentRoute {
  const match = PREFIXED.exec(pathname);
  if (match) {
    let name: string;
    const page = !isNeverAPage(match[2] || '/');
    try {
      name = decodeURIComponent(match[1]);
    } catch {
      return { kind: 'unknown', name: match[1], page, environment: names[0] };
    }
    if (!names.includes(name)) return { kind: 'unknown', name, page, environment: names[0] };
    return { kind: 'rewrite', environment: name, pathname: match[2] || '/' };
  }
  if (isNeverAPage(pathname)) return { kind: 'pass', environment: names[0] };
  return { kind: 'redirect', pathname: environmentPath(names[0], pathname) };
}

/** The route a path names whatever its environment: `/e/prod/api/queues` → `/api/queues`; unprefixed paths as they are. */
export function withoutEnvironment(pathname: string): string {
  const match = PREFIXED.exec(pathname);
  return match ? match[2] || '/' : pathname;
}

/** `/queues/orders` in environment `name`: `/e/<name>/queues/orders` (`/` → `/e/<name>`). */
export function environmentPath(name: string, path: string): string {
  const prefix = `/e/${encodeURIComponent(name)}`;
  if (path === '/' || path === '') return prefix;
  return path.startsWith('/') ? `${prefix}${path}` : `${prefix}/${path}`;
}
