import { finishSignIn } from '@/server/data/auth';

export const dynamic = 'force-dynamic';

/** The redirect URI to register at the identity provider: `<origin>/auth/callback`. */
export function GET(request: Request) {
  return finishSignIn(request);
}
