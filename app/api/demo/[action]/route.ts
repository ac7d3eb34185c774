import { z } from 'zod';
import { demoActions } from '@/lib/types/demo';
import { runDemoAction } from '@/server/data/demo';
import { jsonRoute } from '@/server/data/respond';
import { assertSameOriginJson } from '@/server/data/same-origin';

const paramsSchema = z.object({ action: z.enum(demoActions) });
/** A toggle's `{"on": false}` undoes it; other actions take no body. */
const bodySchema = z.object({ on: z.boolean().optional() });

export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  return jsonRoute(async () => {
    assertSameOriginJson(request);
    const { action } = paramsSchema.parse(await params);
    const { on } = bodySchema.parse(await request.json().catch(() => ({})));
    return runDemoAction(action, on);
  });
}
