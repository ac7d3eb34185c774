'use client';

import { combinedSourceLabel, sourceDetail, sourceLabel } from '@/lib/figures/source';
import type { FigureSource } from '@/lib/types/figures';
import { useDisplayZone } from './time';

/**
 * Where a figure comes from and how old it is, beside the figure: "from Eddy’s reads" or
 * "from CloudWatch, 12:03 UTC", the full sentence on hover. Several sources (a sum) are named
 * together, the oldest CloudWatch minute first.
 */
export function FigureSourceNote({ sources, className }: { sources: FigureSource | readonly FigureSource[]; className?: string }) {
  const zone = useDisplayZone();
  const list = Array.isArray(sources) ? (sources as readonly FigureSource[]) : [sources as FigureSource];
  const label = list.length === 1 ? sourceLabel(list[0], { timeZone: zone }) : combinedSourceLabel(list, { timeZone: zone });
  if (!label) return null;
  const detail = [...new Set(list.map((s) => sourceDetail(s, { timeZone: zone })))].join(' ');
  return (
    <span title={detail} data-testid="figure-source" className={className}>
      {label}
    </span>
  );
}
