import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { DemoBanner } from '@/components/demo/demo-banner';
import { Header } from '@/components/layout/header';
import { Sidebar } from '@/components/layout/sidebar';
import { UnreachableBanner } from '@/components/layout/unreachable-banner';
import { describeAccess } from '@/server/data/auth';
import { describeConnection } from '@/server/data/connection';
import { describeEnvironments, requestedUnknownEnvironment } from '@/server/data/environments';
import { UNKNOWN_ENVIRONMENT_ATTRIBUTE } from '@/lib/environments/path';
import { EnvironmentProvider } from '@/components/layout/environment';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: 'Eddy', template: '%s · Eddy' },
  description: 'Live DynamoDB Streams, SQS queues and dead-letter redrive for event-driven systems on AWS.',
  // An explicit icon: without one the browser asks for /favicon.ico and logs a 404.
  icons: { icon: { url: '/icon.svg', type: 'image/svg+xml' } },
};

export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [connection, access, unknownEnvironment] = await Promise.all([describeConnection(), describeAccess(), requestedUnknownEnvironment()]);
  // The environment the proxy named for this request (`/e/<name>/…`): links and route calls stay in it.
  const environments = describeEnvironments();
  return (
    // An unknown environment's page is rendered in the default one: its route calls go there (lib/environments/path.ts).
    <html lang="en" {...(unknownEnvironment !== undefined && { [UNKNOWN_ENVIRONMENT_ATTRIBUTE]: unknownEnvironment })}>
      <body className="font-sans antialiased">
        <a
          href="#content"
          className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-sky-800 focus:shadow-lg dark:focus:bg-slate-900 dark:focus:text-sky-200"
        >
          Skip to content
        </a>
        <Providers>
          <EnvironmentProvider value={environments}>
            <div className="flex min-h-screen flex-col md:flex-row">
              <Sidebar />
              <div className="flex min-w-0 flex-1 flex-col">
                <Header connection={connection} access={access} />
                {connection.demo && <DemoBanner viewer={access.mode === 'sign-in' && access.role !== 'operator'} />}
                <UnreachableBanner />
                {/* tabIndex -1: the skip link moves focus here, so the next Tab starts inside the content. */}
                <main id="content" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none md:px-6">
                  {children}
                </main>
              </div>
            </div>
          </EnvironmentProvider>
        </Providers>
      </body>
    </html>
  );
}
