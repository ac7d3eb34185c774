import { jsonRoute } from '@/server/data/respond';
import { getStreamStatus } from '@/server/data/streams';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ table: string }> }) {
  const { table } = await params;
  return jsonRoute(() => getStreamStatus(table));
}
