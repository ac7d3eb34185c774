/**
 * A filter that does not parse, shown where the events would be: what is wrong and, for the
 * condition, the text with a caret under the column where it goes wrong. No events are read
 * until it is fixed, so the list must not claim "no events yet".
 */
export function FilterError({ message, text, at }: { message: string; text?: string; at?: number }) {
  return (
    <div role="alert" data-testid="filter-error" className="rounded-lg border border-rose-300 bg-rose-50 p-5 text-rose-900 dark:border-rose-900 dark:bg-rose-950/50 dark:text-rose-100">
      <h2 className="font-semibold">This filter does not parse</h2>
      <p className="mt-1 text-sm">{message}</p>
      {text !== undefined && at !== undefined && (
        <pre data-testid="filter-error-caret" className="mt-3 overflow-x-auto rounded bg-white/70 p-2 font-mono text-xs dark:bg-slate-950/60">
          {text}
          {'\n'}
          {' '.repeat(at)}^
        </pre>
      )}
      <p className="mt-2 text-sm">No events are read until the filter is fixed.</p>
    </div>
  );
}
