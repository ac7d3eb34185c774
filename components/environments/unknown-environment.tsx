import { environmentPath } from '@/lib/environments/route';
import type { EnvironmentSummary } from '@/lib/environments/schema';

/**
 * The 404 of `/e/<name>/…` for an environment Eddy does not have: which name was asked for, and a
 * link to each environment it has (the default first). Plain links on purpose: another
 * environment is a full page load, like the header's switcher, so no cache mixes two accounts.
 */
export function UnknownEnvironment({ name, environments }: { name: string | undefined; environments: EnvironmentSummary[] }) {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-sky-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold">{name === undefined ? 'No such environment' : `No environment “${name}”`}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        {name === undefined ? 'This Eddy has no environment of that name.' : `This Eddy has no environment named “${name}” in eddy.config.json — or it was renamed since the link was made.`}{' '}
        {environments.length === 1 ? 'It watches one:' : `It watches these ${environments.length}:`}
      </p>
      <ul aria-label="Environments" className="mt-6 flex flex-wrap justify-center gap-2">
        {environments.map((e) => (
          <li key={e.name}>
            <a href={environmentPath(e.name, '/')} className="inline-block rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700">
              {e.region ? `${e.name} · ${e.region}` : e.name}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
