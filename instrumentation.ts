/**
 * Runs once when the Next.js server starts: a bad configuration stops it with one line per
 * problem, even when it was started with `next start` rather than `npm start`; then the health
 * engine starts evaluating.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { exitOnInvalidEnv } = await import('./server/startup-check');
    exitOnInvalidEnv();
    // The health engine watches from the moment Eddy starts, whether or not a page is open.
    const { startHealthEngine } = await import('./server/data/health');
    startHealthEngine();
  }
}
