import { checkAccess, getAccessReport } from '@/server/data/access';
import { operatorRoute } from '@/server/data/operator-route';
import { jsonRoute } from '@/server/data/respond';

export const dynamic = 'force-dynamic';

export async function GET() {
  return jsonRoute(() => getAccessReport());
}

/** "Check now": probes the read-only actions. It changes nothing, but costs AWS calls: an operator's, same-origin only. */
export const POST = operatorRoute({ kind: 'action' }, () => checkAccess());
