import Link from '@/components/ui/env-link';

/** The body of a 404 page: what is missing, why that may be, and the way back. */
export function NotFoundPanel({ title, children, href, linkLabel }: { title: string; children: React.ReactNode; href: string; linkLabel: string }) {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-sky-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">{children}</p>
      <Link href={href} className="mt-6 inline-block rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700">
        {linkLabel}
      </Link>
    </div>
  );
}
