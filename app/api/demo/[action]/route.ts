import { z } from 'zod';
import { demoActionBodySchema, demoActions } from '@/lib/types/demo';
import { runDemoAction } from '@/server/data/demo';
import { operatorRoute } from '@/server/data/operator-route';
import { readJsonBody } from '@/server/data/redrives';

const paramsSchema = z.object({ action: z.enum(demoActions) });

/** Flips one of the demo's switches: an operator's (with sign-in), same-origin JSON. */
export const POST = operatorRoute({ kind: 'action' }, async ({ request, params }) => {
  const { action } = paramsSchema.parse(params);
  const body = demoActionBodySchema.parse(await readJsonBody(request));
  return runDemoAction(action, body);
});
