import type { QueueMessage } from '@/lib/types/queues';
import { ScrollX } from '../ui/scroll-x';

/** A message's SQS message attributes: name, data type and value (binary ones as base64). The DLQ drawer and the trace page show it. */
export function MessageAttributesTable({ attributes, className = '' }: { attributes: QueueMessage['attributes']; className?: string }) {
  return (
    <ScrollX className={className}>
      <table aria-label="Message attributes" className="w-full text-xs">
        <tbody>
          {attributes.map((a) => (
            <tr key={a.name} className="border-t border-slate-200 dark:border-slate-800">
              <td className="py-1 pr-2 font-mono">{a.name}</td>
              <td className="py-1 pr-2 text-slate-500">{a.dataType}</td>
              <td className="break-all py-1 font-mono">
                {a.value}
                {a.binary && <span className="ml-1 text-slate-500">(binary, base64)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollX>
  );
}
