import { accessFeatures } from './actions';

export const README_BEGIN = '<!-- access-actions:begin (generated from lib/access/actions.ts: npm run docs:access) -->';
export const README_END = '<!-- access-actions:end -->';

/** The README's IAM lists, generated from the same list as `/access` and its policy. */
export function readmeAccessSection(): string {
  const lines: string[] = [];
  for (const role of ['read-only', 'operator'] as const) {
    lines.push(role === 'read-only' ? 'IAM permissions — **read-only** (look, never change):' : '**Operator** (redrive, cancel, purge), in addition:', '');
    for (const feature of accessFeatures.filter((f) => f.role === role)) {
      lines.push(`- ${feature.title}: ${feature.actions.map((a) => `\`${a.action}\``).join(', ')}`);
    }
    lines.push('');
  }
  lines.push('`/access` shows each of these as allowed, denied, not reachable or untested, from what the calls');
  lines.push('returned, and the least-privilege policy for the resources in view.');
  return [README_BEGIN, ...lines, README_END].join('\n');
}

/** The IAM actions a README text lists between the markers. */
export function actionsInReadme(readme: string): string[] {
  const start = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return [];
  return [...new Set([...readme.slice(start, end).matchAll(/`([a-z]+:[A-Za-z]+)`/g)].map((m) => m[1]))].sort();
}
