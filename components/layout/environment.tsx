'use client';

import { usePathname } from 'next/navigation';
import { createContext, useContext, type ReactNode } from 'react';
import type { EnvironmentSummary } from '@/lib/environments/schema';
import { stripEnvironment, withEnvironment } from '@/lib/environments/path';

interface EnvironmentValue {
  /** The environment the page is about (the proxy named it; the root layout passes it in). */
  current: EnvironmentSummary;
  /** Every environment, the default first: the switcher lists them. */
  all: EnvironmentSummary[];
}

const EnvironmentContext = createContext<EnvironmentValue | null>(null);

/**
 * The environment of the page, from the root layout. Switching environments is a full page load
 * (components/layout/environment-switcher.tsx), so this never changes under a mounted page and
 * the query cache never mixes two accounts' answers.
 */
export function EnvironmentProvider({ value, children }: { value: EnvironmentValue; children: ReactNode }) {
  return <EnvironmentContext.Provider value={value}>{children}</EnvironmentContext.Provider>;
}

export function useEnvironment(): EnvironmentValue | null {
  return useContext(EnvironmentContext);
}

/** Puts an internal URL in the page's environment (server render included, where `window` is not there). */
export function useEnvironmentUrl(): (url: string) => string {
  const name = useContext(EnvironmentContext)?.current.name;
  return (url) => withEnvironment(url, name);
}

/** The page's path within its environment (`/queues/x`), whether Next reports the URL before or after the proxy's rewrite. */
export function usePagePathname(): string {
  return stripEnvironment(usePathname());
}
