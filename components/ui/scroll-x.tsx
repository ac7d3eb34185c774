import type { ReactNode } from 'react';

/**
 * A wide table's frame: on a narrow screen the table scrolls inside it instead of widening the
 * page. `relative`: an absolutely placed descendant (an sr-only header) scrolls with it too.
 */
export function ScrollX({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <div className={`relative max-w-full overflow-x-auto ${className}`}>{children}</div>;
}
