import { notFound } from 'next/navigation';
import type { Result } from '@/lib/result';

/**
 * Ends the render with HTTP 404 (the nearest `not-found.tsx`) when the thing a page shows does
 * not exist (`not_found`); any other failure stays on the page as an ErrorPanel, with status 200.
 *
 * Only a render that has not started streaming can still answer 404: Next.js sends the status
 * with the first bytes, and a `loading.tsx` boundary lets those go before the page inside it has
 * run. So a detail page checks in its segment's `layout.tsx` (outside its own `loading.tsx`), no
 * `loading.tsx` sits above a detail page (the list pages keep theirs in route groups such as
 * `app/queues/(list)/`), and the `not-found.tsx` sits in the parent folder, whose boundary
 * catches what the layout throws.
 */
export function notFoundIfMissing(result: Result<unknown>): void {
  if (!result.ok && result.error.code === 'not_found') notFound();
}
