/**
 * Runs once when the Next.js server starts: a bad configuration stops it with one line per
 * problem, even when it was started with `next start` rather than `npm start`; then the health
 * engine of every environment starts evaluating.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { exitOnInvalidEnv } = await import('./server/startup-check');
    exitOnInvalidEnv();
    // The health engines watch from the moment Eddy starts, whether or not a page is open: one
    // per environment (eddy.config.json `environments`), each with its own clients and timers.
    const { startHealthEngines } = await import('./server/data/health');
    startHealthEngines();
  }
}
