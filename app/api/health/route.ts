import { jsonRoute } from '@/server/data/respond';
import { getHealth } from '@/server/data/health';

export const dynamic = 'force-dynamic';

export function GET() {
  return jsonRoute(getHealth);
}
