import { getDemoStatus } from '@/server/data/demo';
import { jsonRoute } from '@/server/data/respond';

export const dynamic = 'force-dynamic';

export function GET() {
  return jsonRoute(getDemoStatus);
}
