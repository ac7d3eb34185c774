import { signedOut } from '@/server/data/auth';

export const dynamic = 'force-dynamic';

/** The post_logout_redirect_uri to register at the identity provider: `<origin>/auth/signed-out`. */
export function GET() {
  return signedOut();
}
