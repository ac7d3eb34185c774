import { notFound } from 'next/navigation';

export const dynamic = 'force-dynamic';

/**
 * What the proxy serves for a page of an environment that does not exist (`/e/<name>/…`, see
 * lib/environments/route.ts): always a 404, with ./not-found.tsx naming it and the known ones.
 */
export default function EnvironmentNotFoundPage() {
  notFound();
}
