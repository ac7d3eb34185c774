import 'server-only';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from '@/lib/health/thresholds';
import { loadEddyConfig } from '../config-file';
import { getEnv } from '../env';
import { AlertDeliverer } from '../health/alerts';
import { environmentPath } from '@/lib/environments/route';
import { currentEnvironmentName } from '../environments';
import { service } from '../services';

/** The health engine's thresholds: `eddy.config.json`'s `health`, else the defaults. */
export async function loadHealthThresholds(): Promise<HealthThresholds> {
  return (await loadEddyConfig()).config.health ?? DEFAULT_HEALTH_THRESHOLDS;
}

/** The environment's alert deliverer (server/services.ts): to `EDDY_ALERT_WEBHOOK_URL`, links to this Eddy's pages of that environment. */
export function getAlertDeliverer(): AlertDeliverer {
  return service('alertDeliverer', () => {
    const env = getEnv();
    const origin = env.EDDY_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}`;
    return new AlertDeliverer({ urls: env.EDDY_ALERT_WEBHOOK_URL, baseUrl: `${origin}${environmentPath(currentEnvironmentName(), '/')}` });
  });
}
