import { getRedriveOverview } from '@/server/data/redrives';
import { jsonRoute } from '@/server/data/respond';

export async function GET() {
  return jsonRoute(getRedriveOverview);
}
