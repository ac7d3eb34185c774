'use client';

import { useState, type FormEvent } from 'react';
import type { StreamViewParams } from '@/lib/queries/streams';

const EVENT_NAMES = ['INSERT', 'MODIFY', 'REMOVE'] as const;

const inputClass = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900';

/** Filters and start position; text fields apply on Enter or "Apply", event types at once. */
export function FilterBar({ params, onChange, invalid }: { params: StreamViewParams; onChange: (next: StreamViewParams) => void; invalid?: 'type' | 'where' }) {
  const [key, setKey] = useState(params.key ?? '');
  const [where, setWhere] = useState(params.where ?? '');
  const [q, setQ] = useState(params.q ?? '');
  const [start, setStart] = useState(params.start ?? 'recent');
  const [startValue, setStartValue] = useState(params.start?.includes(':') ? params.start.slice(params.start.indexOf(':') + 1) : '');
  const startKind = start.includes(':') ? start.slice(0, start.indexOf(':')) : start;

  // When the URL's filters change (back button, a link), the fields follow: adjusted during render,
  // as React recommends for state derived from props, rather than in an effect after a wrong paint.
  const fromUrl = `${params.key ?? ''}\u0000${params.where ?? ''}\u0000${params.q ?? ''}`;
  const [synced, setSynced] = useState(fromUrl);
  if (synced !== fromUrl) {
    setSynced(fromUrl);
    setKey(params.key ?? '');
    setWhere(params.where ?? '');
    setQ(params.q ?? '');
  }

  const types = new Set((params.type ?? '').split(',').filter(Boolean));
  const toggle = (name: string) => {
    const next = new Set(types);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    onChange({ ...params, type: EVENT_NAMES.filter((n) => next.has(n)).join(',') || undefined });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const position = startKind === 'seq' || startKind === 'time' ? `${startKind}:${startValue.trim()}` : startKind;
    onChange({ ...params, key: key.trim() || undefined, where: where.trim() || undefined, q: q.trim() || undefined, start: position === 'recent' ? undefined : position });
  };

  return (
    <form onSubmit={submit} aria-label="Filters" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <fieldset className="flex items-center gap-2">
        <legend className="sr-only">Event types</legend>
        {EVENT_NAMES.map((name) => (
          <label key={name} className="flex items-center gap-1 text-xs">
            <input type="checkbox" checked={types.has(name)} onChange={() => toggle(name)} />
            {name}
          </label>
        ))}
      </fieldset>
      <label className="flex flex-col text-xs">
        Key (equals, or prefix*)
        <input className={inputClass} value={key} onChange={(e) => setKey(e.target.value)} placeholder="o-123 or o-1*" />
      </label>
      <label className="flex flex-col text-xs">
        Attribute condition
        <input className={`${inputClass} w-56 max-w-full`} aria-invalid={invalid === 'where' || undefined} value={where} onChange={(e) => setWhere(e.target.value)} placeholder='status = "FAILED" or new.amount > 100' />
      </label>
      <label className="flex flex-col text-xs">
        Text
        <input className={inputClass} value={q} onChange={(e) => setQ(e.target.value)} placeholder="anywhere in the item" />
      </label>
      <label className="flex flex-col text-xs">
        Start
        <select className={inputClass} value={startKind} onChange={(e) => setStart(e.target.value === 'seq' || e.target.value === 'time' ? `${e.target.value}:` : e.target.value)}>
          <option value="recent">Recent, then live</option>
          <option value="live">Live only</option>
          <option value="trim_horizon">Oldest retained</option>
          <option value="seq">At a sequence number</option>
          <option value="time">At a time</option>
        </select>
      </label>
      {(startKind === 'seq' || startKind === 'time') && (
        <label className="flex flex-col text-xs">
          {startKind === 'seq' ? 'Sequence number' : 'Time (ISO 8601)'}
          <input className={inputClass} value={startValue} onChange={(e) => setStartValue(e.target.value)} placeholder={startKind === 'seq' ? '100000000000000000042' : '2024-05-01T12:00:00Z'} />
        </label>
      )}
      <button type="submit" className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
        Apply
      </button>
      {(params.type || params.key || params.where || params.q || params.start) && (
        <button type="button" onClick={() => onChange({})} className="rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
          Clear
        </button>
      )}
    </form>
  );
}
