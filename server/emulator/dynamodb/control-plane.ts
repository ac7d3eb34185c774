import { randomUUID } from 'node:crypto';
import { AwsError, validation } from '../core/errors';
import type { RequestContext } from '../core/types';
import type { StreamViewType } from '../streams/capture';
import {
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalNumber,
  optionalObject,
  optionalString,
  requiredString,
  type Input,
} from './input';
import { requireTable, resourceNotFound, type DynamoState } from './state';
import { applyGsiUpdates, buildIndex, parseCreateTableIndexes, settleIndexes } from './index-schema';
import { Table, type AttributeDefinition, type KeySchemaElement } from './table';

const VIEW_TYPES = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'] as const;
const BILLING_MODES = ['PROVISIONED', 'PAY_PER_REQUEST'] as const;
const TABLE_NAME = /^[a-zA-Z0-9_.-]+$/;

function checkTableName(name: string): void {
  const prefix = `1 validation error detected: Value '${name}' at 'tableName' failed to satisfy constraint: Member must`;
  if (name.length < 3) throw validation(`${prefix} have length greater than or equal to 3`);
  if (name.length > 255) throw validation(`${prefix} have length less than or equal to 255`);
  if (!TABLE_NAME.test(name)) throw validation(`${prefix} satisfy regular expression pattern: [a-zA-Z0-9_.-]+`);
}

function parseKeySchema(input: Input): KeySchemaElement[] {
  const raw = optionalArray(input, 'KeySchema');
  if (!raw) throw validation(`1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null`);
  if (raw.length < 1 || raw.length > 2) {
    throw validation(`1 validation error detected: Value '${JSON.stringify(raw)}' at 'keySchema' failed to satisfy constraint: Member must have length ${raw.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 2'}`);
  }
  const schema = raw.map((element) => {
    const e = (element ?? {}) as Input;
    const name = requiredString(e, 'AttributeName', 'keySchema.member.attributeName');
    const type = optionalEnum(e, 'KeyType', ['HASH', 'RANGE'] as const);
    if (!type) throw validation(`1 validation error detected: Value null at 'keySchema.member.keyType' failed to satisfy constraint: Member must not be null`);
    return { AttributeName: name, KeyType: type };
  });
  if (schema[0].KeyType !== 'HASH') throw validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (schema[1] && schema[1].KeyType !== 'RANGE') throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  if (schema[1] && schema[1].AttributeName === schema[0].AttributeName) {
    throw validation('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  return schema;
}

/** The definitions' shapes; which attributes they must name is checked with the indexes (index-schema.ts). */
function parseAttributeDefinitions(input: Input): AttributeDefinition[] {
  const raw = optionalArray(input, 'AttributeDefinitions');
  if (!raw) throw validation(`1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null`);
  const definitions = raw.map((element) => {
    const e = (element ?? {}) as Input;
    const name = requiredString(e, 'AttributeName', 'attributeDefinitions.member.attributeName');
    const type = optionalEnum(e, 'AttributeType', ['S', 'N', 'B'] as const);
    if (!type) throw validation(`1 validation error detected: Value null at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must not be null`);
    return { AttributeName: name, AttributeType: type };
  });
  return definitions;
}

function parseThroughput(input: Input): { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined {
  const raw = optionalObject(input, 'ProvisionedThroughput');
  if (!raw) return undefined;
  const read = optionalNumber(raw, 'ReadCapacityUnits');
  const write = optionalNumber(raw, 'WriteCapacityUnits');
  if (read === undefined || write === undefined) {
    throw validation(`1 validation error detected: Value null at 'provisionedThroughput.${read === undefined ? 'readCapacityUnits' : 'writeCapacityUnits'}' failed to satisfy constraint: Member must not be null`);
  }
  for (const [name, value] of [['readCapacityUnits', read], ['writeCapacityUnits', write]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw validation(`1 validation error detected: Value '${value}' at 'provisionedThroughput.${name}' failed to satisfy constraint: Member must have value greater than or equal to 1`);
    }
  }
  return { ReadCapacityUnits: read, WriteCapacityUnits: write };
}

function parseStreamSpecification(input: Input): { enabled: boolean; viewType?: StreamViewType } | undefined {
  const raw = optionalObject(input, 'StreamSpecification');
  if (!raw) return undefined;
  const enabled = optionalBoolean(raw, 'StreamEnabled');
  if (enabled === undefined) throw validation(`1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null`);
  const viewType = optionalEnum(raw, 'StreamViewType', VIEW_TYPES);
  if (enabled && !viewType) throw validation('One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true');
  return { enabled, viewType };
}

function enableStream(state: DynamoState, table: Table, viewType: StreamViewType, ctx: { region: string; accountId: string }): void {
  const { streamArn, streamLabel } = state.streams.createStream(
    { tableName: table.name, tableArn: table.arn, keySchema: table.keySchema, region: ctx.region, accountId: ctx.accountId },
    viewType,
  );
  table.stream = { arn: streamArn, label: streamLabel, viewType };
  table.latestStream = { arn: streamArn, label: streamLabel };
}

/** The `TableDescription` DescribeTable and the other table operations return (reference §3.2). */
export function describeTable(table: Table): Record<string, unknown> {
  const description: Record<string, unknown> = {
    TableName: table.name,
    TableArn: table.arn,
    TableId: table.id,
    TableStatus: table.status,
    CreationDateTime: table.createdAt / 1000,
    KeySchema: table.keySchema,
    AttributeDefinitions: table.attributeDefinitions,
    ItemCount: table.items.size,
    TableSizeBytes: table.totalSize,
    ProvisionedThroughput: {
      ReadCapacityUnits: table.billingMode === 'PROVISIONED' ? table.throughput.ReadCapacityUnits : 0,
      WriteCapacityUnits: table.billingMode === 'PROVISIONED' ? table.throughput.WriteCapacityUnits : 0,
      NumberOfDecreasesToday: 0,
    },
    DeletionProtectionEnabled: false,
  };
  if (table.billingMode === 'PAY_PER_REQUEST' || table.billingModeChangedAt !== undefined) {
    const summary: Record<string, unknown> = { BillingMode: table.billingMode };
    if (table.billingMode === 'PAY_PER_REQUEST') summary.LastUpdateToPayPerRequestDateTime = (table.billingModeChangedAt ?? table.createdAt) / 1000;
    description.BillingModeSummary = summary;
  }
  const gsis = table.indexes.filter((i) => i.kind === 'GSI');
  const lsis = table.indexes.filter((i) => i.kind === 'LSI');
  if (gsis.length) description.GlobalSecondaryIndexes = gsis.map((i) => i.describe());
  if (lsis.length) description.LocalSecondaryIndexes = lsis.map((i) => i.describe());
  if (table.stream) description.StreamSpecification = { StreamEnabled: true, StreamViewType: table.stream.viewType };
  if (table.latestStream) {
    description.LatestStreamArn = table.latestStream.arn;
    description.LatestStreamLabel = table.latestStream.label;
  }
  return description;
}

/** CreateTable: validates the schema and creates an ACTIVE table, with its stream if asked. */
export function createTable(state: DynamoState, input: Input, ctx: RequestContext): unknown {
  const name = requiredString(input, 'TableName');
  checkTableName(name);
  const keySchema = parseKeySchema(input);
  const attributeDefinitions = parseAttributeDefinitions(input);
  const billingMode = optionalEnum(input, 'BillingMode', BILLING_MODES) ?? 'PROVISIONED';
  const indexSpecs = parseCreateTableIndexes(input, keySchema, attributeDefinitions, billingMode);
  const throughput = parseThroughput(input);
  if (billingMode === 'PROVISIONED' && !throughput) {
    throw validation('One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  }
  if (billingMode === 'PAY_PER_REQUEST' && throughput) {
    throw validation('One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
  }
  const streamSpec = parseStreamSpecification(input);
  if (state.tables.has(name)) throw new AwsError('ResourceInUseException', `Table already exists: ${name}`);

  const now = state.deps.clock.now();
  const table = new Table(
    name,
    `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`,
    randomUUID(),
    now,
    keySchema,
    attributeDefinitions,
    billingMode,
    throughput ?? { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    undefined,
  );
  table.indexes = indexSpecs.map((spec) => buildIndex(table, spec));
  if (streamSpec?.enabled) enableStream(state, table, streamSpec.viewType!, ctx);
  state.tables.set(name, table);
  return { TableDescription: describeTable(table) };
}

/** DescribeTable: AWS names the table in this operation's not-found message. */
export function describeTableOp(state: DynamoState, input: Input): unknown {
  const name = requiredString(input, 'TableName');
  const table = state.tables.get(name);
  if (!table) throw resourceNotFound(`Requested resource not found: Table: ${name} not found`);
  settleIndexes(table, state.deps.clock.now());
  return { Table: describeTable(table) };
}

/** ListTables: names in ascending order, paged by `ExclusiveStartTableName` and `Limit` (1–100). */
export function listTables(state: DynamoState, input: Input): unknown {
  const limit = optionalNumber(input, 'Limit') ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw validation(`1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`);
  }
  const start = optionalString(input, 'ExclusiveStartTableName');
  const names = [...state.tables.keys()].sort();
  const from = start === undefined ? 0 : names.findIndex((n) => n > start);
  const page = from < 0 ? [] : names.slice(from, from + limit);
  const out: Record<string, unknown> = { TableNames: page };
  if (from >= 0 && from + limit < names.length) out.LastEvaluatedTableName = page[page.length - 1];
  return out;
}

/** DeleteTable: the table goes at once; its stream is disabled but stays readable. */
export function deleteTable(state: DynamoState, input: Input): unknown {
  const table = requireTable(state, input);
  if (table.stream) state.streams.disableStream(table.stream.arn);
  table.stream = undefined;
  table.status = 'DELETING';
  state.tables.delete(table.name);
  const description = describeTable(table);
  return { TableDescription: description };
}

/** UpdateTable: billing mode, throughput, enabling or disabling the stream, and creating or deleting a GSI. */
export function updateTable(state: DynamoState, input: Input, ctx: RequestContext): unknown {
  const table = requireTable(state, input);
  const billingMode = optionalEnum(input, 'BillingMode', BILLING_MODES);
  const throughput = parseThroughput(input);
  const streamSpec = parseStreamSpecification(input);
  const other = ['ReplicaUpdates', 'SSESpecification', 'DeletionProtectionEnabled', 'TableClass'].filter((m) => input[m] !== undefined && input[m] !== null);
  const gsiUpdates = optionalArray(input, 'GlobalSecondaryIndexUpdates');
  if (!billingMode && !throughput && !streamSpec && !gsiUpdates?.length) {
    if (other.length) throw validation(`${other.join(', ')} updates are not supported by the Eddy emulator`);
    throw validation('At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required');
  }
  const nextMode = billingMode ?? table.billingMode;
  if (nextMode === 'PAY_PER_REQUEST' && throughput) {
    throw validation('One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
  }
  if (nextMode === 'PROVISIONED' && table.billingMode === 'PAY_PER_REQUEST' && !throughput) {
    throw validation('One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  }
  if (streamSpec?.enabled && table.stream) throw validation(`Table already has an enabled stream: TableName: ${table.name}`);
  if (streamSpec && !streamSpec.enabled && !table.stream) throw validation(`Table does not have a stream enabled: TableName: ${table.name}`);
  // Validates every index update first and applies them only when all are valid.
  applyGsiUpdates(table, input, state.deps.clock.now(), nextMode);

  if (billingMode && billingMode !== table.billingMode) {
    table.billingMode = billingMode;
    table.billingModeChangedAt = state.deps.clock.now();
  }
  if (throughput) table.throughput = throughput;
  if (streamSpec?.enabled) enableStream(state, table, streamSpec.viewType!, ctx);
  else if (streamSpec && table.stream) {
    state.streams.disableStream(table.stream.arn);
    table.stream = undefined;
  }
  return { TableDescription: describeTable(table) };
}

/** UpdateTimeToLive: turns expiry on for one attribute, or off. */
export function updateTimeToLive(state: DynamoState, input: Input): unknown {
  const table = requireTable(state, input);
  const spec = optionalObject(input, 'TimeToLiveSpecification');
  if (!spec) throw validation(`1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null`);
  const enabled = optionalBoolean(spec, 'Enabled');
  if (enabled === undefined) throw validation(`1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null`);
  const attributeName = requiredString(spec, 'AttributeName', 'timeToLiveSpecification.attributeName');
  if (attributeName.length === 0) throw validation(`1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  if (enabled) {
    if (table.ttl) {
      if (table.ttl.attributeName !== attributeName) throw validation(`TimeToLive is active on a different AttributeName: current value: ${table.ttl.attributeName}`);
      throw validation('TimeToLive is already enabled');
    }
    table.setTtl({ attributeName });
  } else {
    if (!table.ttl) throw validation('TimeToLive is already disabled');
    table.setTtl(undefined);
  }
  return { TimeToLiveSpecification: { Enabled: enabled, AttributeName: attributeName } };
}

/** DescribeTimeToLive: ENABLED with its attribute, or DISABLED. */
export function describeTimeToLive(state: DynamoState, input: Input): unknown {
  const table = requireTable(state, input);
  const description: Record<string, unknown> = { TimeToLiveStatus: table.ttl ? 'ENABLED' : 'DISABLED' };
  if (table.ttl) description.AttributeName = table.ttl.attributeName;
  return { TimeToLiveDescription: description };
}
