import { itemQuerySchema } from '@/lib/types/traces';
import { jsonRoute } from '@/server/data/respond';
import { searchItems } from '@/server/data/traces';

export async function GET(request: Request) {
  return jsonRoute(async () => searchItems(itemQuerySchema.parse(new URL(request.url).searchParams.get('q') ?? '')));
}
