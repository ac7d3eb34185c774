import { existsSync } from 'node:fs';

/** Flags this machine needs: no sandbox as root, no GPU, and no calls to the closed network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * The Chromium to drive: `CHROMIUM_PATH`, else Debian's, else Playwright's own if one is
 * installed. Never downloads one: without any it fails at once, naming the package to install.
 */
export function resolveChromium(playwrightOwn?: string): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', playwrightOwn].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    `No Chromium found (looked at ${candidates.join(', ') || 'CHROMIUM_PATH'}). Install Debian's: apt-get update && apt-get install -y chromium — or set CHROMIUM_PATH.`,
  );
}
