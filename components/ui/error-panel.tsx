'use client';

import Link from '@/components/ui/env-link';
import type { ReactNode } from 'react';

const titles: Record<string, string> = {
  unavailable: 'AWS cannot be reached',
  forbidden: 'AWS refused the request',
  throttled: 'AWS is throttling requests',
  not_found: 'Not found',
  timeout: 'AWS did not answer in time',
  invalid: 'The request was not valid',
};

/** Errors that say what Eddy lacks (a permission, a service) rather than that something broke. */
const ACCESS_CODES = new Set(['unavailable', 'forbidden', 'throttled', 'timeout']);

/** Renders inline code in a message (`sqs:ReceiveMessage`) as code, as the gap notices do. */
function withCode(message: string) {
  return message.split('`').map((part, i) => (i % 2 === 1 ? <code key={i} className="font-mono text-xs">{part}</code> : part));
}

/** What an error page shows: what failed in plain words, AWS's own code, and a retry. */
export function ErrorPanel({ code, message, detail, onRetry }: { code?: string; message: ReactNode; detail?: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-5 text-rose-900 dark:border-rose-900 dark:bg-rose-950/50 dark:text-rose-100">
      <h2 className="font-semibold">{titles[code ?? ''] ?? 'Something went wrong'}</h2>
      <p className="mt-1 text-sm">{typeof message === 'string' ? withCode(message) : message}</p>
      {detail && <p className="mt-1 font-mono text-xs opacity-80">{detail}</p>}
      {code && ACCESS_CODES.has(code) && (
        <p className="mt-1 text-xs">
          <Link href="/access" className="underline">
            Permissions and services Eddy uses
          </Link>
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry} className="mt-3 rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800">
          Try again
        </button>
      )}
    </div>
  );
}
