import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { DemoBanner } from '@/components/demo/demo-banner';
import { Header } from '@/components/layout/header';
import { Sidebar } from '@/components/layout/sidebar';
import { UnreachableBanner } from '@/components/layout/unreachable-banner';
import { describeConnection } from '@/server/aws/clients';
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
  const connection = await describeConnection();
  return (
    <html lang="en">
      <body className="font-sans antialiased">
        <Providers>
          <div className="flex min-h-screen">
            <Sidebar />
            <div className="flex min-w-0 flex-1 flex-col">
              <Header connection={connection} />
              {connection.demo && <DemoBanner />}
              <UnreachableBanner />
              <main className="flex-1 px-6 py-6">{children}</main>
            </div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
