/** A figure Eddy does not know: "—", with the reason on hover and for screen readers. Never 0 or 1970. */
export function Unknown({ reason }: { reason: string }) {
  return (
    <span title={reason} data-unknown={reason} className="cursor-help text-slate-500">
      —<span className="sr-only"> (unknown: {reason})</span>
    </span>
  );
}
