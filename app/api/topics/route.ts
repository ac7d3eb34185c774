import { getTopicsOverview } from '@/server/data/flow';
import { jsonRoute } from '@/server/data/respond';

export const dynamic = 'force-dynamic';

/** SNS topics, subscriptions, figures and findings; `?refresh=1` re-discovers now. */
export function GET(request: Request) {
  const refresh = new URL(request.url).searchParams.get('refresh') === '1';
  return jsonRoute(() => getTopicsOverview({ refresh }));
}
