import { checkAccess, getAccessReport } from '@/server/data/access';
import { jsonRoute } from '@/server/data/respond';
import { assertSameOriginJson } from '@/server/data/same-origin';

export const dynamic = 'force-dynamic';

export async function GET() {
  return jsonRoute(() => getAccessReport());
}

/** "Check now": probes the read-only actions (it changes nothing, but costs AWS calls: same-origin only). */
export async function POST(request: Request) {
  return jsonRoute(async () => {
    assertSameOriginJson(request);
    return checkAccess();
  });
}
