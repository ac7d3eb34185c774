const classes: Record<string, string> = {
  INSERT: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200',
  MODIFY: 'bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200',
  REMOVE: 'bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-200',
};

/** INSERT / MODIFY / REMOVE, coloured, always in words. */
export function EventNameBadge({ name }: { name: string }) {
  return <span className={`inline-block w-16 rounded px-1.5 py-0.5 text-center text-[11px] font-semibold ${classes[name] ?? ''}`}>{name}</span>;
}
