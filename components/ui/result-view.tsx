import type { ReactNode } from 'react';
import type { Result } from '@/lib/result';
import { ErrorPanel } from './error-panel';

/** Renders a page's data, or its AppError in plain words. */
export function ResultView<T>({ result, children }: { result: Result<T>; children: (value: T) => ReactNode }) {
  if (!result.ok) return <ErrorPanel code={result.error.code} message={result.error.message} detail={result.error.detail} />;
  return <>{children(result.value)}</>;
}
