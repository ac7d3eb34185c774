'use client';

import { useLinkStatus } from 'next/link';
import Link from '@/components/ui/env-link';
import { usePagePathname } from './environment';
import { useRef, useState, type KeyboardEvent } from 'react';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/streams', label: 'Streams' },
  { href: '/queues', label: 'Queues' },
  { href: '/topics', label: 'Topics' },
  { href: '/redrives', label: 'Redrives' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/traces', label: 'Traces' },
  { href: '/audit', label: 'Audit' },
  { href: '/access', label: 'Access' },
] as const;

/**
 * While a followed link's page is on its way (a page waits for AWS before its first byte, with no
 * skeleton in between): a pulsing dot beside the link, so the click visibly took.
 */
function Pending() {
  const { pending } = useLinkStatus();
  return pending ? <span data-testid="nav-pending" aria-hidden="true" className="ml-2 inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500 align-middle" /> : null;
}

/**
 * The main navigation: a sidebar from 768 px up; below, a bar with the brand and a Menu button
 * that shows the links under it. The menu closes on navigation and on Escape.
 */
export function Sidebar() {
  // The path within the environment: `/queues/x` for `/e/<name>/queues/x`.
  const pathname = usePagePathname();
  const [open, setOpen] = useState(false);
  const [openedOn, setOpenedOn] = useState(pathname);
  const button = useRef<HTMLButtonElement>(null);
  // A link followed: the menu closes (adjusted during render, not in an effect after a wrong paint).
  if (openedOn !== pathname) {
    setOpenedOn(pathname);
    setOpen(false);
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      setOpen(false);
      button.current?.focus();
    }
  };
  return (
    <nav
      aria-label="Main"
      onKeyDown={onKeyDown}
      className="flex shrink-0 flex-col border-b border-slate-200 bg-white px-3 py-2 md:w-52 md:border-b-0 md:border-r md:py-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-center justify-between md:mb-4">
        <Link href="/" className="flex items-center gap-2 px-2 text-lg font-bold tracking-tight">
          <span aria-hidden="true" className="inline-block h-6 w-6 rounded-full border-4 border-sky-500 border-r-transparent" />
          Eddy
        </Link>
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls="main-links"
          onClick={() => setOpen((o) => !o)}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 md:hidden dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Menu
        </button>
      </div>
      <ul id="main-links" className={`${open ? 'flex' : 'hidden'} mt-2 flex-col gap-1 md:mt-0 md:flex`}>
        {links.map((link) => {
          const active = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
          return (
            <li key={link.href} className="flex">
              <Link
                href={link.href}
                aria-current={active ? 'page' : undefined}
                onClick={() => setOpen(false)}
                className={`flex-1 rounded-md px-2 py-1.5 text-sm ${active ? 'bg-sky-100 font-medium text-sky-900 dark:bg-sky-900/40 dark:text-sky-100' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
              >
                {link.label}
                <Pending />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
