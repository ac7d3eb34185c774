export const dynamic = 'force-dynamic';

/**
 * For a load balancer or container orchestrator: 200 while the server answers. It touches no
 * AWS service and needs no session (GET /api/health is the connection check the UI shows).
 */
export function GET() {
  return Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
