import { signOut } from '@/server/data/auth';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return signOut(request);
}
