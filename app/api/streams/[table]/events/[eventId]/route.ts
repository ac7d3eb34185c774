import { jsonRoute } from '@/server/data/respond';
import { findStreamEvent } from '@/server/data/streams';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ table: string; eventId: string }> }) {
  const { table, eventId } = await params;
  return jsonRoute(async () => findStreamEvent(table, eventId));
}
