import 'server-only';
import { accessActions, accessFeatures } from '@/lib/access/actions';
import { buildPolicy, type ResourcesInView } from '@/lib/access/policy';
import { deadLetterArns } from '@/lib/flow/discover';
import type { AccessReport } from '@/lib/types/access';
import { probeActions, type ProbeTargets } from '../aws/access-probes';
import { getOutcomeStore } from '../aws/outcomes';
import { getFlowMonitor } from './flow';
import { changesPossible } from '../redrive/policy';
import { getEnv } from '../env';
import { perEnvironment } from '../environments';

interface InView {
  resources: ResourcesInView;
  targets: ProbeTargets;
  notes: string[];
}

/** The resources Eddy sees (from the flow's cached discovery), for the policy and the probes. */
async function resourcesInView(): Promise<InView> {
  const { config, sample } = await getFlowMonitor().getConfiguration();
  const dlqArns = deadLetterArns({ queues: config.queues, mappings: config.mappings });
  const dlqs = config.queues.filter((q) => dlqArns.has(q.arn));
  const sources = config.queues.filter((q) => q.redrivePolicy && dlqArns.has(q.redrivePolicy.deadLetterTargetArn));
  const anyArn = config.queues[0]?.arn ?? config.tables[0]?.arn ?? config.functions[0]?.arn;
  const [, , , region, account] = anyArn?.split(':') ?? [];
  const streamTable = config.tables.find((t) => t.stream);
  const notes = [
    `${config.tables.length} table(s), ${config.queues.length} queue(s) of which ${dlqs.length} dead-letter queue(s), ${config.functions.length} function(s) in view.`,
    ...sample.gaps.map((g) => g.message),
  ];
  return {
    resources: {
      tables: config.tables.map((t) => t.arn).filter(Boolean),
      queues: config.queues.map((q) => q.arn).filter(Boolean),
      dlqs: dlqs.map((q) => q.arn),
      destinations: sources.map((q) => q.arn),
      functions: config.functions.map((f) => f.arn).filter(Boolean),
      region: region || undefined,
      account: account || undefined,
    },
    targets: {
      table: config.tables[0]?.name,
      streamArn: streamTable?.stream?.arn,
      queueUrl: config.queues[0]?.url,
      queueName: config.queues[0]?.name,
      dlqUrl: dlqs[0]?.url,
      dlqArn: dlqs[0]?.arn,
      functionName: config.functions[0]?.name,
    },
    notes,
  };
}

/** When "Check now" last ran, per environment. */
const lastCheck = perEnvironment(() => ({ at: undefined as number | undefined }));

/** `/access`: every action by feature with its last outcome, and the policy for what is in view. */
export async function getAccessReport(view?: InView): Promise<AccessReport> {
  const { resources, notes } = view ?? (await resourcesInView());
  const store = getOutcomeStore();
  return {
    features: accessFeatures.map((f) => ({
      id: f.id,
      title: f.title,
      role: f.role,
      without: f.without,
      rows: f.actions.map((a) => {
        const outcome = store.get(a.action);
        return { action: a.action, service: a.service, use: a.use, probe: a.probe, state: outcome?.state ?? 'untested', at: outcome?.at, code: outcome?.code, message: outcome?.message };
      }),
    })),
    policy: buildPolicy(resources, { operator: changesPossible(getEnv()) }),
    resourceNotes: notes,
    checkedAt: lastCheck().at,
  };
}

/** "Check now": probes every read-only action that has a safe probe, then reports. */
export async function checkAccess(): Promise<AccessReport> {
  const view = await resourcesInView();
  const { unprobed } = await probeActions(
    accessActions.filter((a) => a.probe).map((a) => a.action),
    view.targets,
  );
  lastCheck().at = Date.now();
  if (unprobed.length > 0) view.notes.push(`Not probed, nothing in view to aim at: ${unprobed.join(', ')}.`);
  return getAccessReport(view);
}
