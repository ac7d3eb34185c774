import { jsonRoute } from '@/server/data/respond';
import { listStreams } from '@/server/data/streams';

export const dynamic = 'force-dynamic';

export function GET() {
  return jsonRoute(listStreams);
}
