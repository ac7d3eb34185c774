import { getFlow } from '@/server/data/flow';
import { jsonRoute } from '@/server/data/respond';

export const dynamic = 'force-dynamic';

/** The flow graph; `?refresh=1` re-discovers everything now instead of within a minute. */
export function GET(request: Request) {
  const refresh = new URL(request.url).searchParams.get('refresh') === '1';
  return jsonRoute(() => getFlow({ refresh }));
}
