export type Tone = 'ok' | 'warn' | 'bad' | 'idle';

const toneClass: Record<Tone, string> = {
  ok: 'bg-emerald-500',
  warn: 'bg-amber-500',
  bad: 'bg-rose-500',
  idle: 'bg-slate-400',
};

/** A small coloured dot; its meaning is always also given in text beside it. */
export function StatusDot({ tone, pulse = false }: { tone: Tone; pulse?: boolean }) {
  return (
    <span className="relative inline-flex h-2.5 w-2.5 shrink-0" aria-hidden="true">
      {pulse && <span className={`absolute inline-flex h-full w-full animate-ping rounded-full opacity-60 ${toneClass[tone]}`} />}
      <span className={`relative inline-flex h-2.5 w-2.5 rounded-full ${toneClass[tone]}`} />
    </span>
  );
}
