'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A panel that slides over the right of the page, where the user is, instead of opening far
 * below a long list. Not modal: the list beside it stays usable (pick another item and the
 * drawer shows it). Focus moves into it when it opens or its subject changes; Escape or the
 * close button call `onClose`, and the owner puts focus back where it came from.
 */
export function Drawer({ title, subject, onClose, children }: { title: ReactNode; subject: string; onClose: () => void; children: ReactNode }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [subject]);
  return (
    <aside
      aria-labelledby={id}
      data-testid="drawer"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
      className="fixed inset-y-0 right-0 z-40 flex w-full max-w-xl flex-col border-l border-slate-200 bg-slate-50 shadow-2xl dark:border-slate-800 dark:bg-slate-950"
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
        <h2 id={id} ref={heading} tabIndex={-1} className="min-w-0 truncate font-semibold outline-none">
          {title}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close" className="rounded-md px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
          ✕
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto p-4">{children}</div>
    </aside>
  );
}
