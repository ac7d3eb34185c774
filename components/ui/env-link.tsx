'use client';

import Link from 'next/link';
import type { ComponentProps } from 'react';
import { useEnvironmentUrl } from '@/components/layout/environment';

/**
 * `next/link` within the page's environment: `href="/queues/x"` goes to `/e/<name>/queues/x`.
 * Every internal link uses this one (imported as `Link`), so a link never leaves the environment.
 */
export default function EnvLink({ href, ...props }: ComponentProps<typeof Link>) {
  const inEnvironment = useEnvironmentUrl();
  const target = typeof href === 'string' ? inEnvironment(href) : href.pathname ? { ...href, pathname: inEnvironment(href.pathname) } : href;
  return <Link href={target} {...props} />;
}
