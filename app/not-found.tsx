import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-sky-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Nothing flows here</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">This page, table or queue does not exist — or it was deleted since the link was made.</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700">
        Back to the overview
      </Link>
    </div>
  );
}
