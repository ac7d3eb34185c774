import { notFound } from 'next/navigation';
import type { Result } from '@/lib/result';

/**
 * Ends the page with HTTP 404 (the route's `not-found.tsx`) when the thing it shows does not
 * exist (`not_found`); any other failure stays on the page as an ErrorPanel, with status 200.
 * Call it before anything of the page renders: only a render that has not started streaming can
 * still answer 404.
 */
export function notFoundIfMissing(result: Result<unknown>): void {
  if (!result.ok && result.error.code === 'not_found') notFound();
}
