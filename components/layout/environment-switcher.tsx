'use client';

import { usePagePathname, useEnvironment } from './environment';
import { withEnvironment } from '@/lib/environments/path';

/**
 * The environment in the header: its name and region, and with more than one a select that opens
 * the same page in another environment. A full page load on purpose: every service, cache and
 * query of the page belongs to one environment.
 */
export function EnvironmentSwitcher() {
  const environment = useEnvironment();
  const path = usePagePathname();
  if (!environment) return null;
  const { current, all } = environment;
  const label = (e: { name: string; region?: string }) => (e.region ? `${e.name} · ${e.region}` : e.name);
  if (all.length < 2) {
    return (
      <span className="text-xs text-slate-500 dark:text-slate-400" data-testid="environment" title="The account and region Eddy watches">
        {label(current)}
      </span>
    );
  }
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
      <span>Environment</span>
      <select
        aria-label="Environment"
        value={current.name}
        onChange={(e) => {
          const search = typeof window === 'undefined' ? '' : window.location.search;
          window.location.assign(withEnvironment(`${path}${search}`, e.target.value));
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {all.map((e) => (
          <option key={e.name} value={e.name}>
            {label(e)}
          </option>
        ))}
      </select>
    </label>
  );
}
