import type { AttributeMap, AttributeValue } from '../types/streams';
import { attributeEquals, attributeType } from './attribute-value';

export type DiffKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffEntry {
  /** `status`, `address.city`, `lines[2].qty`. */
  path: string;
  kind: DiffKind;
  oldValue?: AttributeValue;
  newValue?: AttributeValue;
}

function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/**
 * What changed between the old and the new image, attribute by attribute. Maps are compared
 * member by member (so `address.city` changes alone); lists and sets are compared whole,
 * because a list element has no identity to follow. Unchanged attributes are included when
 * `includeUnchanged`, so a detail view can show the full item with the changes highlighted.
 */
export function diffImages(oldImage: AttributeMap | undefined, newImage: AttributeMap | undefined, includeUnchanged = false): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk(oldImage ?? {}, newImage ?? {}, '', out, includeUnchanged);
  return out;
}

function walk(oldMap: AttributeMap, newMap: AttributeMap, path: string, out: DiffEntry[], includeUnchanged: boolean): void {
  const names = [...new Set([...Object.keys(oldMap), ...Object.keys(newMap)])].sort();
  for (const name of names) {
    const p = child(path, name);
    const before = oldMap[name];
    const after = newMap[name];
    if (before === undefined) out.push({ path: p, kind: 'added', newValue: after });
    else if (after === undefined) out.push({ path: p, kind: 'removed', oldValue: before });
    else if (attributeType(before) === 'M' && attributeType(after) === 'M') {
      walk((before as { M: AttributeMap }).M, (after as { M: AttributeMap }).M, p, out, includeUnchanged);
    } else if (!attributeEquals(before, after)) out.push({ path: p, kind: 'changed', oldValue: before, newValue: after });
    else if (includeUnchanged) out.push({ path: p, kind: 'unchanged', oldValue: before, newValue: after });
  }
}

/** "status, amount (+1 more)" — the row summary of what an event changed. */
export function summarizeChange(event: { eventName: string; oldImage?: AttributeMap; newImage?: AttributeMap }, max = 3): string {
  if (event.eventName === 'INSERT') return event.newImage ? `${Object.keys(event.newImage).length} attributes` : 'new item';
  if (event.eventName === 'REMOVE') return event.oldImage ? `${Object.keys(event.oldImage).length} attributes removed` : 'item removed';
  if (!event.oldImage || !event.newImage) return 'changed (images not in this stream)';
  const entries = diffImages(event.oldImage, event.newImage);
  if (entries.length === 0) return 'no attribute changed';
  const names = entries.slice(0, max).map((e) => (e.kind === 'added' ? `+${e.path}` : e.kind === 'removed' ? `−${e.path}` : e.path));
  return entries.length > max ? `${names.join(', ')} (+${entries.length - max} more)` : names.join(', ');
}
