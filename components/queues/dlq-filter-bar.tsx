'use client';

import { useState } from 'react';
import type { DlqView } from '@/lib/queues/dlq-filter';
import { buttonClass } from '../ui/buttons';

const inputClass = 'w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-900';

/**
 * Search and filter over the browsed messages: text, a JSON-path predicate on the body (the
 * stream filter's grammar, `[]` for any element) and a message attribute. Applied to the URL.
 */
export function DlqFilterBar({ view, error, onApply }: { view: Pick<DlqView, 'q' | 'where' | 'attr'>; error?: string; onApply: (next: { q?: string; where?: string; attr?: string }) => void }) {
  // Local drafts, re-seeded when the URL changes (a panel's "Show these", back and forward).
  const seed = `${view.q ?? ''}\u0000${view.where ?? ''}\u0000${view.attr ?? ''}`;
  const [draft, setDraft] = useState({ seed, q: view.q ?? '', where: view.where ?? '', attr: view.attr ?? '' });
  const current = draft.seed === seed ? draft : { seed, q: view.q ?? '', where: view.where ?? '', attr: view.attr ?? '' };
  if (current !== draft) setDraft(current);
  const set = (k: 'q' | 'where' | 'attr', v: string) => setDraft({ ...current, [k]: v });
  return (
    <form
      role="search"
      aria-label="Filter messages"
      className="grid gap-2 rounded-md bg-slate-50 p-2 text-sm md:grid-cols-[1fr_1.4fr_1fr_auto] dark:bg-slate-800/50"
      onSubmit={(e) => {
        e.preventDefault();
        onApply({ q: current.q.trim() || undefined, where: current.where.trim() || undefined, attr: current.attr.trim() || undefined });
      }}
    >
      <label>
        <span className="block text-xs text-slate-600 dark:text-slate-400">Search</span>
        <input aria-label="Search messages" className={inputClass} value={current.q} placeholder="text in id, body, attributes" onChange={(e) => set('q', e.target.value)} />
      </label>
      <label>
        <span className="block text-xs text-slate-600 dark:text-slate-400">Body condition</span>
        <input aria-label="Body condition" className={inputClass} value={current.where} placeholder='items[].sku = "GLASS-VASE", total > 100' onChange={(e) => set('where', e.target.value)} />
      </label>
      <label>
        <span className="block text-xs text-slate-600 dark:text-slate-400">Message attribute</span>
        <input aria-label="Message attribute" className={inputClass} value={current.attr} placeholder="eventType=OrderPlaced" onChange={(e) => set('attr', e.target.value)} />
      </label>
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClass.primary}>
          Filter
        </button>
        <button type="button" className={buttonClass.plain} onClick={() => onApply({ q: undefined, where: undefined, attr: undefined })}>
          Clear
        </button>
      </div>
      {error && (
        <p role="alert" className="text-rose-700 md:col-span-4 dark:text-rose-300">
          {error}
        </p>
      )}
    </form>
  );
}
