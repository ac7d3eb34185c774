'use client';

import { ErrorPanel } from '@/components/ui/error-panel';

/**
 * A server page failed. In production Next.js hides the server's message behind a digest, so
 * pages return AppErrors as data where they can; this is the last line.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel message={error.message || 'The page could not be built.'} detail={error.digest ? `digest ${error.digest}` : undefined} onRetry={reset} />;
}
