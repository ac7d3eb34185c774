'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/streams', label: 'Streams' },
  { href: '/queues', label: 'Queues' },
  { href: '/redrives', label: 'Redrives' },
  { href: '/traces', label: 'Traces' },
  { href: '/audit', label: 'Audit' },
  { href: '/access', label: 'Access' },
] as const;

export function Sidebar() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex w-52 shrink-0 flex-col gap-1 border-r border-slate-200 bg-white px-3 py-4 dark:border-slate-800 dark:bg-slate-900">
      <Link href="/" className="mb-4 flex items-center gap-2 px-2 text-lg font-bold tracking-tight">
        <span aria-hidden="true" className="inline-block h-6 w-6 rounded-full border-4 border-sky-500 border-r-transparent" />
        Eddy
      </Link>
      {links.map((link) => {
        const active = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-2 py-1.5 text-sm ${active ? 'bg-sky-100 font-medium text-sky-900 dark:bg-sky-900/40 dark:text-sky-100' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
