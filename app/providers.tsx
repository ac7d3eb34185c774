'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { AppError } from '@/lib/errors';

/** The one QueryClient of the browser. AppErrors that the server decided (4xx) are not retried. */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 2_000,
            retry: (failures, error) => !(error instanceof AppError && ['invalid', 'not_found', 'forbidden'].includes(error.code)) && failures < 2,
          },
        },
      }),
  );
  // Marks the document once hydrated, so tests read the console only after hydration errors would have shown.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
