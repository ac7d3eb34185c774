export function Skeleton({ className = '' }: { className?: string }) {
  return <div className={`animate-pulse rounded bg-slate-200 dark:bg-slate-800 ${className}`} />;
}

/** A page-shaped placeholder: a title and a few rows, shown while a server page loads. */
export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading">
      <Skeleton className="mb-2 h-7 w-48" />
      <Skeleton className="mb-6 h-4 w-96 max-w-full" />
      <div className="space-y-2">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    </div>
  );
}

/**
 * The `loading.tsx` of a page: each page has its own, none sits at the root or above a detail
 * page, because a loading boundary above a page makes its `notFound()` answer 200, not 404
 * (components/ui/not-found.ts).
 */
export function PageLoading() {
  return <PageSkeleton />;
}
