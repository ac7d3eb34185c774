import { z } from 'zod';
import { demoActionBodySchema, demoActions } from '@/lib/types/demo';
import { runDemoAction } from '@/server/data/demo';
import { readJsonBody } from '@/server/data/redrives';
import { jsonRoute } from '@/server/data/respond';
import { assertSameOriginJson } from '@/server/data/same-origin';

const paramsSchema = z.object({ action: z.enum(demoActions) });

export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  return jsonRoute(async () => {
    assertSameOriginJson(request);
    const { action } = paramsSchema.parse(await params);
    const body = demoActionBodySchema.parse(await readJsonBody(request));
    return runDemoAction(action, body);
  });
}
