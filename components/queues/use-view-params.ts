'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEnvironmentUrl } from '@/components/layout/environment';

/** The page's URL parameters and a setter that replaces some of them (undefined removes one), without scrolling. */
export function useViewParams() {
  const router = useRouter();
  // In the page's environment whether or not Next reports the URL before the proxy's rewrite.
  const inEnvironment = useEnvironmentUrl();
  const pathname = inEnvironment(usePathname());
  const params = useSearchParams();
  const setParams = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    const query = merged.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return { params, pathname, setParams };
}
