import { AlertsView } from '@/components/alerts/alerts-view';
import { PageHeader } from '@/components/ui/page-header';
import { getAlertsOverview } from '@/server/data/health';

export const metadata = { title: 'Alerts' };
export const dynamic = 'force-dynamic';

export default function AlertsPage() {
  return (
    <>
      <PageHeader title="Alerts" description="What Eddy’s health engine has open, what opened and resolved lately, and the webhook deliveries of each change." />
      <AlertsView initial={getAlertsOverview()} />
    </>
  );
}
