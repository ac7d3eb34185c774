import { attributeType } from '@/lib/streams/attribute-value';
import type { AttributeMap, AttributeValue } from '@/lib/types/streams';

const typeNames: Record<string, string> = {
  S: 'string',
  N: 'number',
  B: 'binary',
  SS: 'string set',
  NS: 'number set',
  BS: 'binary set',
  M: 'map',
  L: 'list',
  NULL: 'null',
  BOOL: 'boolean',
};

function TypeBadge({ value }: { value: AttributeValue }) {
  const type = attributeType(value);
  return (
    <span className="ml-1 rounded bg-slate-100 px-1 font-sans text-[10px] uppercase text-slate-500 dark:bg-slate-800" title={typeNames[type]}>
      {type}
    </span>
  );
}

function Leaf({ value }: { value: AttributeValue }) {
  // Every value is rendered as text by React: item content is never interpreted as HTML.
  if ('S' in value) return <span className="break-all text-emerald-800 dark:text-emerald-300">{JSON.stringify(value.S)}</span>;
  if ('N' in value) return <span className="text-sky-800 dark:text-sky-300">{value.N}</span>;
  if ('B' in value) return <span className="break-all text-violet-800 dark:text-violet-300">{value.B}</span>;
  if ('BOOL' in value) return <span className="text-amber-800 dark:text-amber-300">{String(value.BOOL)}</span>;
  if ('NULL' in value) return <span className="text-slate-500">null</span>;
  return null;
}

function Node({ name, value, depth }: { name: string; value: AttributeValue; depth: number }) {
  if ('M' in value || 'L' in value || 'SS' in value || 'NS' in value || 'BS' in value) {
    const entries: [string, AttributeValue][] =
      'M' in value
        ? Object.keys(value.M)
            .sort()
            .map((k) => [k, value.M[k]])
        : 'L' in value
          ? value.L.map((v, i) => [`[${i}]`, v])
          : 'SS' in value
            ? value.SS.map((v, i) => [`[${i}]`, { S: v }])
            : 'NS' in value
              ? value.NS.map((v, i) => [`[${i}]`, { N: v }])
              : value.BS.map((v, i) => [`[${i}]`, { B: v }]);
    return (
      <li>
        <details open={depth < 3}>
          <summary className="cursor-pointer">
            <span className="font-medium">{name}</span>
            <TypeBadge value={value} /> <span className="text-slate-500">({entries.length})</span>
          </summary>
          <ul className="ml-4 border-l border-slate-200 pl-2 dark:border-slate-700">
            {entries.map(([k, v]) => (
              <Node key={k} name={k} value={v} depth={depth + 1} />
            ))}
          </ul>
        </details>
      </li>
    );
  }
  return (
    <li>
      <span className="font-medium">{name}</span>
      <TypeBadge value={value} />: <Leaf value={value} />
    </li>
  );
}

/** An item image as a collapsible tree, every AttributeValue type labelled. */
export function AttributeTree({ map, label }: { map: AttributeMap; label: string }) {
  const names = Object.keys(map).sort();
  if (names.length === 0) return <p className="text-sm text-slate-500">(empty)</p>;
  return (
    <ul aria-label={label} className="font-mono text-xs leading-5">
      {names.map((name) => (
        <Node key={name} name={name} value={map[name]} depth={0} />
      ))}
    </ul>
  );
}
