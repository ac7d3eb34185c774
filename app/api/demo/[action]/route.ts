import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { demoActions, demoToggleSchema } from '@/lib/types/demo';
import { runDemoAction } from '@/server/data/demo';
import { jsonRoute } from '@/server/data/respond';
import { assertSameOriginJson } from '@/server/data/same-origin';

const paramsSchema = z.object({ action: z.enum(demoActions) });

export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  return jsonRoute(async () => {
    assertSameOriginJson(request);
    const { action } = paramsSchema.parse(await params);
    const text = await request.text();
    // An empty body or `{}` turns a switch on; `{"on": false}` undoes it.
    let body: unknown = {};
    try {
      if (text.trim() !== '') body = JSON.parse(text);
    } catch {
      throw new AppError('invalid', 'The request body is not valid JSON.');
    }
    const toggle = demoToggleSchema.parse(body);
    return runDemoAction(action, toggle.on === undefined ? undefined : toggle);
  });
}
