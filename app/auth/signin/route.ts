import { startSignIn } from '@/server/data/auth';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return startSignIn(request);
}
