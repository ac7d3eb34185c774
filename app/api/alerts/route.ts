import { getAlertsOverview } from '@/server/data/health';
import { jsonRoute } from '@/server/data/respond';

export const dynamic = 'force-dynamic';

/** The health engine's open findings, recent transitions and webhook deliveries. */
export function GET() {
  return jsonRoute(async () => getAlertsOverview());
}
