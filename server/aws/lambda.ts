import 'server-only';
import {
  GetFunctionConfigurationCommand,
  paginateListEventSourceMappings,
  paginateListFunctions,
  type EventSourceMappingConfiguration,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { functionNameFromArn, mappingSourceKind } from '@/lib/flow/arn';
import type { FunctionSummary, MappingSummary } from '@/lib/types/flow';
import { getClients } from './clients';
import { collectPages } from './collect';
import { toAppErrorFromAws } from './errors';

/** Every event source mapping in the account (100 a page), or only those of one function. */
export async function listEventSourceMappings(functionName?: string): Promise<MappingSummary[]> {
  const mappings = await collectPages(paginateListEventSourceMappings({ client: getClients().lambda, pageSize: 100 }, { FunctionName: functionName }), (page) => page.EventSourceMappings);
  return mappings.map(toMappingSummary);
}

function toMappingSummary(m: EventSourceMappingConfiguration): MappingSummary {
  const functionArn = m.FunctionArn ?? '';
  const sourceArn = m.EventSourceArn ?? '';
  return {
    uuid: m.UUID ?? '',
    functionName: functionNameFromArn(functionArn) ?? functionArn,
    functionArn,
    sourceArn,
    sourceKind: mappingSourceKind(sourceArn),
    state: m.State ?? 'Unknown',
    stateReason: m.StateTransitionReason,
    lastProcessingResult: m.LastProcessingResult,
    batchSize: m.BatchSize,
    maximumRetryAttempts: m.MaximumRetryAttempts,
    maximumRecordAgeSeconds: m.MaximumRecordAgeInSeconds,
    bisectOnError: m.BisectBatchOnFunctionError,
    startingPosition: m.StartingPosition,
    onFailureArn: m.DestinationConfig?.OnFailure?.Destination,
    lastModified: m.LastModified ? new Date(m.LastModified).toISOString() : undefined,
  };
}

function toFunctionSummary(f: FunctionConfiguration): FunctionSummary {
  return {
    name: f.FunctionName ?? '',
    arn: f.FunctionArn ?? '',
    runtime: f.Runtime,
    description: f.Description || undefined,
    environment: { ...(f.Environment?.Variables ?? {}) },
    logGroup: f.LoggingConfig?.LogGroup || undefined,
  };
}

/** Every function with its environment variables (ListFunctions, 50 a page). */
export async function listFunctions(): Promise<FunctionSummary[]> {
  const functions = await collectPages(paginateListFunctions({ client: getClients().lambda, pageSize: 50 }, {}), (page) => page.Functions);
  return functions.map(toFunctionSummary).filter((f) => f.name);
}

/** One function's configuration (GetFunctionConfiguration); `not_found` when there is none. */
export async function getFunction(name: string): Promise<FunctionSummary> {
  try {
    return toFunctionSummary(await getClients().lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })));
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
}
