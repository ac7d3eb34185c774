import { AwsError, validation } from '../core/errors';
import { optionalArray, optionalEnum, optionalNumber, optionalObject, optionalString, type Input } from './input';
import { SecondaryIndex, type Projection } from './indexes';
import type { AttributeDefinition, KeySchemaElement, Table } from './table';

/**
 * Secondary-index definitions: CreateTable's `GlobalSecondaryIndexes`/`LocalSecondaryIndexes`
 * and UpdateTable's `GlobalSecondaryIndexUpdates`, validated with AWS's messages (reference
 * part 2 §4.1, §4.3), and the online lifecycle of an index added or removed later.
 */

const MAX_GSIS = 20;
const MAX_LSIS = 5;
const MAX_PROJECTED = 100;
const INDEX_NAME = /^[a-zA-Z0-9_.-]+$/;
const PROJECTION_TYPES = ['ALL', 'KEYS_ONLY', 'INCLUDE'] as const;

/** How long (on the emulator clock) an index added by UpdateTable stays CREATING, and a deleted one DELETING. */
export const INDEX_TRANSITION_MS = 250;

type Throughput = { ReadCapacityUnits: number; WriteCapacityUnits: number };

export interface IndexSpec {
  name: string;
  kind: 'GSI' | 'LSI';
  keySchema: KeySchemaElement[];
  projection: Projection;
  throughput: Throughput | undefined;
}

function constraint(value: unknown, path: string, rule: string): AwsError {
  return validation(`1 validation error detected: Value ${value === null ? 'null' : `'${String(value)}'`} at '${path}' failed to satisfy constraint: Member must ${rule}`);
}

function parseIndexName(raw: Input, path: string): string {
  const name = optionalString(raw, 'IndexName');
  if (name === undefined) throw constraint(null, `${path}.indexName`, 'not be null');
  if (name.length < 3) throw constraint(name, `${path}.indexName`, 'have length greater than or equal to 3');
  if (name.length > 255) throw constraint(name, `${path}.indexName`, 'have length less than or equal to 255');
  if (!INDEX_NAME.test(name)) throw constraint(name, `${path}.indexName`, 'satisfy regular expression pattern: [a-zA-Z0-9_.-]+');
  return name;
}

function parseIndexKeySchema(raw: Input, path: string): KeySchemaElement[] {
  const elements = optionalArray(raw, 'KeySchema');
  if (!elements) throw constraint(null, `${path}.keySchema`, 'not be null');
  if (elements.length < 1) throw constraint('[]', `${path}.keySchema`, 'have length greater than or equal to 1');
  if (elements.length > 2) throw constraint(JSON.stringify(elements), `${path}.keySchema`, 'have length less than or equal to 2');
  const schema = elements.map((element, i) => {
    const e = (element ?? {}) as Input;
    const at = `${path}.keySchema.${i + 1}.member`;
    const name = optionalString(e, 'AttributeName');
    if (name === undefined) throw constraint(null, `${at}.attributeName`, 'not be null');
    const type = optionalString(e, 'KeyType');
    if (type === undefined) throw constraint(null, `${at}.keyType`, 'not be null');
    if (type !== 'HASH' && type !== 'RANGE') throw constraint(type, `${at}.keyType`, 'satisfy enum value set: [HASH, RANGE]');
    return { AttributeName: name, KeyType: type } as KeySchemaElement;
  });
  if (schema[0].KeyType !== 'HASH') throw validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (schema[1] && schema[1].KeyType !== 'RANGE') throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  if (schema[1] && schema[1].AttributeName === schema[0].AttributeName) {
    throw validation('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  return schema;
}

function parseProjection(raw: Input, path: string): Projection {
  const projection = optionalObject(raw, 'Projection');
  if (!projection) throw constraint(null, `${path}.projection`, 'not be null');
  const type = optionalString(projection, 'ProjectionType');
  if (type === undefined) throw validation('One or more parameter values were invalid: Unknown ProjectionType: null');
  if (!(PROJECTION_TYPES as readonly string[]).includes(type)) {
    throw constraint(type, `${path}.projection.projectionType`, 'satisfy enum value set: [ALL, KEYS_ONLY, INCLUDE]');
  }
  const nonKey = optionalArray(projection, 'NonKeyAttributes');
  if (nonKey && type !== 'INCLUDE') throw validation(`One or more parameter values were invalid: ProjectionType is ${type}, but NonKeyAttributes is specified`);
  if (type === 'INCLUDE') {
    if (!nonKey || nonKey.length === 0) throw validation('One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified');
    if (nonKey.length > 20) throw constraint(JSON.stringify(nonKey), `${path}.projection.nonKeyAttributes`, 'have length less than or equal to 20');
    return { ProjectionType: 'INCLUDE', NonKeyAttributes: nonKey.map(String) };
  }
  return { ProjectionType: type as 'ALL' | 'KEYS_ONLY' };
}

function parseIndexThroughput(raw: Input, path: string): Throughput | undefined {
  const throughput = optionalObject(raw, 'ProvisionedThroughput');
  if (!throughput) return undefined;
  const read = optionalNumber(throughput, 'ReadCapacityUnits');
  const write = optionalNumber(throughput, 'WriteCapacityUnits');
  for (const [wire, value] of [['readCapacityUnits', read], ['writeCapacityUnits', write]] as const) {
    if (value === undefined) throw constraint(null, `${path}.provisionedThroughput.${wire}`, 'not be null');
    if (!Number.isInteger(value) || value < 1) throw constraint(value, `${path}.provisionedThroughput.${wire}`, 'have value greater than or equal to 1');
  }
  return { ReadCapacityUnits: read!, WriteCapacityUnits: write! };
}

function parseIndex(raw: unknown, kind: 'GSI' | 'LSI', path: string): IndexSpec {
  const e = (raw ?? {}) as Input;
  const name = parseIndexName(e, path);
  const keySchema = parseIndexKeySchema(e, path);
  const projection = parseProjection(e, path);
  return { name, kind, keySchema, projection, throughput: kind === 'GSI' ? parseIndexThroughput(e, path) : undefined };
}

function missingDefinitions(keys: string[], definitions: AttributeDefinition[]): AwsError | undefined {
  const defined = definitions.map((d) => d.AttributeName);
  const missing = keys.filter((k) => !defined.includes(k));
  if (!missing.length) return undefined;
  return validation(
    `One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${defined.join(', ')}]`,
  );
}

function checkThroughput(spec: IndexSpec, billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST'): void {
  if (billingMode === 'PAY_PER_REQUEST' && spec.throughput) {
    throw validation(`One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: ${spec.name} when BillingMode is PAY_PER_REQUEST`);
  }
  if (billingMode === 'PROVISIONED' && !spec.throughput) {
    throw validation(`One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${spec.name}`);
  }
}

function countProjected(specs: { projection: Projection }[]): void {
  const total = specs.reduce((sum, s) => sum + (s.projection.NonKeyAttributes?.length ?? 0), 0);
  if (total > MAX_PROJECTED) {
    throw validation(`One or more parameter values were invalid: Number of projected attributes in all indexes exceeds limit of ${MAX_PROJECTED}, number of projected attributes: ${total}`);
  }
}

/**
 * CreateTable's indexes, validated against the table key, the attribute definitions (which must
 * name exactly the key attributes of the table and every index) and the billing mode.
 */
export function parseCreateTableIndexes(
  input: Input,
  keySchema: KeySchemaElement[],
  definitions: AttributeDefinition[],
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST',
): IndexSpec[] {
  const rawGsis = optionalArray(input, 'GlobalSecondaryIndexes');
  const rawLsis = optionalArray(input, 'LocalSecondaryIndexes');
  const gsis = (rawGsis ?? []).map((raw, i) => parseIndex(raw, 'GSI', `globalSecondaryIndexes.${i + 1}.member`));
  const lsis = (rawLsis ?? []).map((raw, i) => parseIndex(raw, 'LSI', `localSecondaryIndexes.${i + 1}.member`));
  const tableKeys = keySchema.map((k) => k.AttributeName);
  const tableMissing = missingDefinitions(tableKeys, definitions);
  if (tableMissing) throw tableMissing;
  const all = [...lsis, ...gsis];
  for (const spec of all) {
    const missing = missingDefinitions(
      spec.keySchema.map((k) => k.AttributeName),
      definitions,
    );
    if (missing) throw missing;
  }
  const used = [...new Set([...tableKeys, ...all.flatMap((s) => s.keySchema.map((k) => k.AttributeName))])];
  const defined = definitions.map((d) => d.AttributeName);
  if (new Set(defined).size !== defined.length) throw validation('Cannot have two attributes with the same name');
  if (defined.length !== used.length) {
    if (!all.length) {
      throw validation('One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
    }
    throw validation(`One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [${defined.join(', ')}], keys used: [${used.join(', ')}]`);
  }
  if (rawLsis) {
    if (rawLsis.length === 0) throw validation('One or more parameter values were invalid: List of LocalSecondaryIndexes is empty');
    const tableRange = keySchema.find((k) => k.KeyType === 'RANGE');
    if (!tableRange) {
      throw validation('One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
    }
    for (const lsi of lsis) {
      if (lsi.keySchema.length < 2) throw validation(`One or more parameter values were invalid: Index KeySchema does not have a range key for index: ${lsi.name}`);
      if (lsi.keySchema[0].AttributeName !== tableKeys[0]) {
        throw validation(
          `One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: ${lsi.name}. index hash key: ${lsi.keySchema[0].AttributeName}, table hash key: ${tableKeys[0]}`,
        );
      }
    }
    if (lsis.length > MAX_LSIS) throw validation(`One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LSIS}`);
  }
  if (rawGsis) {
    if (rawGsis.length === 0) throw validation('One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty');
    if (gsis.length > MAX_GSIS) throw validation(`One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSIS}`);
    for (const gsi of gsis) checkThroughput(gsi, billingMode);
  }
  const seen = new Set<string>();
  for (const spec of all) {
    if (seen.has(spec.name)) throw validation(`One or more parameter values were invalid: Duplicate index name: ${spec.name}`);
    seen.add(spec.name);
  }
  countProjected(all);
  return [...gsis, ...lsis];
}

/** Builds the index for a table; the caller backfills it when the table already has items. */
export function buildIndex(table: Table, spec: IndexSpec): SecondaryIndex {
  return new SecondaryIndex(table, spec.name, spec.kind, spec.keySchema, spec.projection, spec.throughput);
}

/** Copies every item the index covers into a new index (items with missing or wrong-typed keys are skipped). */
export function backfill(table: Table, index: SecondaryIndex): void {
  for (const stored of table.items.values()) {
    const entry = index.entryOf(stored.item);
    if (entry) index.add(entry, stored.keyString);
  }
}

/**
 * UpdateTable's `GlobalSecondaryIndexUpdates`: validates every entry, then starts at most one
 * create or delete (AWS's one-online-index-change rule) and applies throughput updates. Returns
 * whether anything was asked for. A created index is backfilled at once but reads as CREATING
 * (with `Backfilling`) until `INDEX_TRANSITION_MS` pass; a deleted one reads as DELETING first.
 */
export function applyGsiUpdates(table: Table, input: Input, now: number, billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST'): boolean {
  const updates = optionalArray(input, 'GlobalSecondaryIndexUpdates') ?? [];
  if (billingMode === 'PROVISIONED' && table.billingMode === 'PAY_PER_REQUEST') {
    // Switching to provisioned: every GSI needs its own throughput in this call.
    const given = new Set(updates.map((u) => ((u as Input)?.Update as Input | undefined)?.IndexName));
    const lacking = table.indexes.filter((i) => i.kind === 'GSI' && i.status !== 'DELETING' && !given.has(i.name)).map((i) => i.name);
    if (lacking.length) throw validation(`One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${lacking.join(',')}`);
  }
  if (updates.length === 0) return false;
  const definitions = (optionalArray(input, 'AttributeDefinitions') ?? []).map((raw, i) => {
    const e = (raw ?? {}) as Input;
    const name = optionalString(e, 'AttributeName');
    if (name === undefined) throw constraint(null, `attributeDefinitions.${i + 1}.member.attributeName`, 'not be null');
    const type = optionalEnum(e, 'AttributeType', ['S', 'N', 'B'] as const);
    if (!type) throw constraint(null, `attributeDefinitions.${i + 1}.member.attributeType`, 'not be null');
    return { AttributeName: name, AttributeType: type } as AttributeDefinition;
  });
  const creates: IndexSpec[] = [];
  const deletes: string[] = [];
  const throughputs: { name: string; throughput: Throughput }[] = [];
  const named = new Set<string>();
  updates.forEach((raw, i) => {
    const e = (raw ?? {}) as Input;
    const path = `globalSecondaryIndexUpdates.${i + 1}.member`;
    const actions = (['Create', 'Update', 'Delete'] as const).filter((a) => e[a] !== undefined && e[a] !== null);
    if (actions.length === 0) {
      throw validation('One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null');
    }
    if (actions.length > 1) {
      throw validation('One or more parameter values were invalid: Only one of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete can be specified');
    }
    const action = actions[0];
    const body = optionalObject(e, action)!;
    const name = parseIndexName(body, `${path}.${action.toLowerCase()}`);
    if (named.has(name)) throw validation(`One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: ${name}`);
    named.add(name);
    if (action === 'Create') creates.push(parseIndex(body, 'GSI', `${path}.create`));
    else if (action === 'Delete') deletes.push(name);
    else {
      const throughput = parseIndexThroughput(body, `${path}.update`);
      if (!throughput) throw constraint(null, `${path}.update.provisionedThroughput`, 'not be null');
      throughputs.push({ name, throughput });
    }
  });
  if (creates.length + deletes.length > 1 || (creates.length + deletes.length === 1 && table.indexes.some((i) => i.status !== 'ACTIVE'))) {
    throw new AwsError('LimitExceededException', 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table');
  }
  for (const spec of creates) {
    if (table.indexes.some((i) => i.name === spec.name)) {
      throw validation(`One or more parameter values were invalid: Index with name: ${spec.name} already exists`);
    }
    const keys = spec.keySchema.map((k) => k.AttributeName);
    const missing = missingDefinitions(keys, definitions);
    if (missing) throw missing;
    for (const key of keys) {
      const given = definitions.find((d) => d.AttributeName === key)!;
      const existing = table.attributeDefinitions.find((d) => d.AttributeName === key);
      if (existing && existing.AttributeType !== given.AttributeType) {
        throw validation(
          `One or more parameter values were invalid: Attributes cannot be redefined. Please check that your attribute has the same type as previously defined. Existing schema: Schema:[SchemaElement: key{${key}:${existing.AttributeType}}] New schema: Schema:[SchemaElement: key{${key}:${given.AttributeType}}]`,
        );
      }
    }
    checkThroughput(spec, billingMode);
    if (table.indexes.filter((i) => i.kind === 'GSI').length >= MAX_GSIS) {
      throw validation(`One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSIS}`);
    }
    countProjected([...table.indexes, spec]);
  }
  for (const name of deletes) {
    const index = table.indexes.find((i) => i.name === name);
    if (!index) throw new AwsError('ResourceNotFoundException', `Requested resource not found: Index: ${name} not found`);
    if (index.kind === 'LSI') throw validation(`One or more parameter values were invalid: Local secondary index ${name} cannot be deleted`);
  }
  for (const { name } of throughputs) {
    const index = table.indexes.find((i) => i.name === name && i.kind === 'GSI');
    if (!index) throw new AwsError('ResourceNotFoundException', `Requested resource not found: Index: ${name} not found`);
    if (billingMode === 'PAY_PER_REQUEST') {
      throw validation(`One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`);
    }
  }

  // Everything is valid: apply.
  for (const { name, throughput } of throughputs) table.indexes.find((i) => i.name === name)!.throughput = throughput;
  for (const spec of creates) {
    for (const key of spec.keySchema) {
      if (!table.attributeDefinitions.some((d) => d.AttributeName === key.AttributeName)) {
        table.attributeDefinitions = [...table.attributeDefinitions, definitions.find((d) => d.AttributeName === key.AttributeName)!];
      }
    }
    const index = buildIndex(table, spec);
    backfill(table, index);
    index.status = 'CREATING';
    index.backfilling = true;
    index.settlesAt = now + INDEX_TRANSITION_MS;
    table.indexes.push(index);
    table.status = 'UPDATING';
  }
  for (const name of deletes) {
    const index = table.indexes.find((i) => i.name === name)!;
    index.status = 'DELETING';
    index.backfilling = false;
    index.settlesAt = now + INDEX_TRANSITION_MS;
    table.status = 'UPDATING';
  }
  return true;
}

/**
 * Finishes index changes whose time has come: CREATING becomes ACTIVE, DELETING ones go (and
 * key attributes no other key uses leave the definitions); the table is ACTIVE again when none is left.
 */
export function settleIndexes(table: Table, now: number): void {
  if (table.status !== 'UPDATING') return;
  let pending = false;
  for (const index of table.indexes) {
    if (index.status === 'ACTIVE') continue;
    if (index.settlesAt > now) {
      pending = true;
      continue;
    }
    if (index.status === 'CREATING') {
      index.status = 'ACTIVE';
      index.backfilling = false;
    }
  }
  const removed = table.indexes.filter((i) => i.status === 'DELETING' && i.settlesAt <= now);
  if (removed.length) {
    table.indexes = table.indexes.filter((i) => !removed.includes(i));
    const used = new Set([...table.keyNames, ...table.indexes.flatMap((i) => i.keyNames)]);
    table.attributeDefinitions = table.attributeDefinitions.filter((d) => used.has(d.AttributeName));
  }
  if (!pending) table.status = 'ACTIVE';
}
