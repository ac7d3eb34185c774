import { AwsError } from './errors';
import type { RequestContext } from './types';

/**
 * The AWS query protocol (form-encoded `Action=…&Version=…` requests, XML answers), shared by
 * SQS and CloudWatch (for older clients such as Debian's AWS CLI 2.9) and SNS (every client).
 *
 * A service describes each action's input and output with a small model — the part of the
 * Smithy model that decides the wire names: which members are lists or maps, whether they are
 * flattened (`Attribute.1.Name`) or wrapped (`Attributes.entry.1.key`, `Topics.member.1`), and
 * which scalars are numbers, booleans or timestamps. The same model decodes the form into the
 * JSON-shaped input the service's handlers already take, and encodes their output as XML, so
 * both protocols reach one state (reference part 2, §1.2–1.5).
 */

export type ScalarShape = 'string' | 'integer' | 'number' | 'boolean' | 'timestamp';

export interface ListShape {
  kind: 'list';
  member: Shape;
  /** Flattened lists repeat `<name>.N` (SQS); others nest `<Member>.member.N` (SNS, CloudWatch). */
  flat?: boolean;
  /** The wire name of a flattened list's elements (`Attribute` for `AttributeNames`). */
  name?: string;
}

export interface MapShape {
  kind: 'map';
  value: Shape;
  flat?: boolean;
  /** The wire name of a flattened map's entries (`Attribute`, `MessageAttribute`, `Tag`). */
  name?: string;
  /** Key and value element names: `key`/`value` unless the model renames them (`Name`/`Value`). */
  key?: string;
  valueName?: string;
}

export interface StructureShape {
  kind: 'structure';
  members: Record<string, Shape>;
}

export type Shape = ScalarShape | ListShape | MapShape | StructureShape;

/** Shape constructors, so service models read like the Smithy model they copy. */
export const q = {
  list: (member: Shape, options: { flat?: boolean; name?: string } = {}): ListShape => ({ kind: 'list', member, ...options }),
  map: (value: Shape, options: { flat?: boolean; name?: string; key?: string; valueName?: string } = {}): MapShape => ({
    kind: 'map',
    value,
    ...options,
  }),
  struct: (members: Record<string, Shape>): StructureShape => ({ kind: 'structure', members }),
};

export interface QueryAction {
  input: StructureShape;
  /** Absent for actions with no output: the answer is only `<ResponseMetadata>`. */
  output?: StructureShape;
}

/** A service spoken in the query protocol: its actions and how their answers are wrapped. */
export interface QueryService {
  /** `Version` of its requests (`2012-11-05`), unique per service. */
  version: string;
  /** SigV4 signing name in the credential scope (`sqs`, `monitoring`, `sns`). */
  signingName: string;
  /** Namespace of the XML answers (the model's `xmlNamespace`). */
  xmlNamespace: string;
  /** Name under which requests are counted in `/_eddy/stats` and matched by fault rules (`AmazonSQS`). */
  targetPrefix: string;
  /** SQS's query errors carry an empty `<Detail/>`; SNS's and CloudWatch's do not. */
  errorDetail?: boolean;
  actions: Record<string, QueryAction>;
  /** Runs an action on its decoded input; returns the output object (JSON shapes), or throws `AwsError`. */
  handle(action: string, input: Record<string, unknown>, ctx: RequestContext): unknown | Promise<unknown>;
}

// ---- form decoding ------------------------------------------------------------------------

/** Decodes `application/x-www-form-urlencoded`; `+` is a space (botocore sends spaces so). */
export function parseForm(body: string): Map<string, string> {
  const params = new Map<string, string>();
  if (body.length === 0) return params;
  for (const pair of body.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    params.set(decodeComponent(rawKey), decodeComponent(rawValue));
  }
  return params;
}

function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw new AwsError('MalformedQueryString', `The request contains a malformed percent-encoding: ${text}`, { queryCode: 'MalformedQueryString' });
  }
}

/** A form's keys split on `.` into a tree; a leaf is the string value. */
type Tree = { [segment: string]: Tree | string };

function treeOf(params: Map<string, string>): Tree {
  const root: Tree = {};
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = node[parts[i]];
      if (typeof next === 'object') node = next;
      else {
        // `L=` (an empty list) followed by `L.member.1=…` never happens; a container wins.
        const created: Tree = {};
        node[parts[i]] = created;
        node = created;
      }
    }
    const last = parts[parts.length - 1];
    if (typeof node[last] !== 'object') node[last] = value;
  }
  return root;
}

/** Elements of a list or entries of a map, ordered by their 1-based index, not by arrival. */
function indexed(node: Tree | string | undefined): (Tree | string)[] {
  if (node === undefined || typeof node === 'string') return [];
  return Object.keys(node)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => node[k]);
}

function invalidValue(path: string, value: string, expected: string): AwsError {
  return new AwsError('InvalidParameterValue', `Value ${value} for parameter ${path} is invalid. Reason: must be ${expected}.`, {
    queryCode: 'InvalidParameterValue',
  });
}

function decodeScalar(shape: ScalarShape, value: string, path: string): unknown {
  switch (shape) {
    case 'string':
      return value;
    case 'integer': {
      if (!/^-?\d+$/.test(value.trim())) throw invalidValue(path, value, 'an integer');
      return Number(value);
    }
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw invalidValue(path, value, 'a number');
      return n;
    }
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      throw invalidValue(path, value, 'true or false');
    case 'timestamp': {
      // ISO 8601 on the wire; the JSON handlers take epoch seconds, as the JSON protocols send them.
      if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) throw invalidValue(path, value, 'an ISO 8601 timestamp');
      return ms / 1000;
    }
  }
}

function decodeValue(shape: Shape, node: Tree | string | undefined, path: string): unknown {
  if (node === undefined) return undefined;
  if (typeof shape === 'string') {
    if (typeof node !== 'string') return undefined;
    return decodeScalar(shape, node, path);
  }
  switch (shape.kind) {
    case 'structure': {
      if (typeof node === 'string') return undefined;
      return decodeStructure(shape, node, path);
    }
    case 'list': {
      // `L=` is how both botocore and SDK v3 send an empty list.
      if (typeof node === 'string') return [];
      const elements = shape.flat ? indexed(node) : indexed(node.member as Tree | undefined);
      return elements.map((element, i) => decodeValue(shape.member, element, `${path}.${i + 1}`));
    }
    case 'map': {
      if (typeof node === 'string') return {};
      const entries = shape.flat ? indexed(node) : indexed(node.entry as Tree | undefined);
      const keyName = shape.key ?? 'key';
      const valueName = shape.valueName ?? 'value';
      const out: Record<string, unknown> = {};
      entries.forEach((entry, i) => {
        if (typeof entry === 'string') return;
        const key = entry[keyName];
        if (typeof key !== 'string') return;
        out[key] = decodeValue(shape.value, entry[valueName], `${path}.${i + 1}.${valueName}`);
      });
      return out;
    }
  }
}

/** The wire name of a member: a flattened list or map is named by its elements. */
function wireName(member: string, shape: Shape): string {
  return typeof shape !== 'string' && shape.kind !== 'structure' && shape.flat && shape.name ? shape.name : member;
}

function decodeStructure(shape: StructureShape, node: Tree, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [member, memberShape] of Object.entries(shape.members)) {
    const name = wireName(member, memberShape);
    const value = decodeValue(memberShape, node[name], path ? `${path}.${name}` : name);
    if (value !== undefined) out[member] = value;
  }
  return out;
}

/** Decodes a query request's parameters into the JSON-shaped input `shape` describes. */
export function decodeQueryInput(shape: StructureShape, params: Map<string, string>): Record<string, unknown> {
  return decodeStructure(shape, treeOf(params), '');
}

// ---- XML encoding -------------------------------------------------------------------------

/** XML text escaping; `\r` is kept as a character reference, as SQS does, so it survives parsing. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === "'" ? '&apos;' : '&#xD;',
  );
}

function encodeScalar(shape: ScalarShape | undefined, value: unknown): string {
  if (shape === 'timestamp' && typeof value === 'number') return new Date(value * 1000).toISOString();
  return String(value);
}

function element(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

function encodeValue(name: string, shape: Shape | undefined, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (shape === undefined) {
    // An output member the model does not list: scalars as text, the rest by their JSON form.
    if (Array.isArray(value)) return encodeValue(name, q.list('string'), value);
    if (typeof value === 'object') return element(name, encodeFields(undefined, value as Record<string, unknown>));
    return element(name, escapeXml(encodeScalar(undefined, value)));
  }
  if (typeof shape === 'string') return element(name, escapeXml(encodeScalar(shape, value)));
  switch (shape.kind) {
    case 'structure':
      return element(name, encodeFields(shape, value as Record<string, unknown>));
    case 'list': {
      const items = value as unknown[];
      if (shape.flat) return items.map((item) => encodeValue(shape.name ?? name, shape.member, item)).join('');
      return element(name, items.map((item) => encodeValue('member', shape.member, item)).join(''));
    }
    case 'map': {
      const keyName = shape.key ?? 'key';
      const valueName = shape.valueName ?? 'value';
      const entries = Object.entries(value as Record<string, unknown>).map(
        ([k, v]) => element(keyName, escapeXml(k)) + encodeValue(valueName, shape.value, v),
      );
      if (shape.flat) return entries.map((e) => element(shape.name ?? name, e)).join('');
      return element(name, entries.map((e) => element('entry', e)).join(''));
    }
  }
}

/** Members in the model's order (as AWS writes them), then any the model does not list. */
function encodeFields(shape: StructureShape | undefined, value: Record<string, unknown>): string {
  let out = '';
  if (shape) for (const member of Object.keys(shape.members)) out += encodeValue(member, shape.members[member], value[member]);
  for (const [member, v] of Object.entries(value)) if (!shape || !(member in shape.members)) out += encodeValue(member, undefined, v);
  return out;
}

/** The success answer: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…`. */
export function encodeQueryResponse(service: QueryService, action: string, output: unknown, requestId: string): string {
  const shape = service.actions[action]?.output;
  const result = shape ? element(`${action}Result`, encodeFields(shape, (output ?? {}) as Record<string, unknown>)) : '';
  return (
    `<?xml version="1.0"?>\n<${action}Response xmlns="${service.xmlNamespace}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** AWS's query error: `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…`. */
export function encodeQueryError(service: QueryService | undefined, error: AwsError, requestId: string): string {
  const code = error.queryCode ?? error.code;
  const namespace = service ? ` xmlns="${service.xmlNamespace}"` : '';
  return (
    `<?xml version="1.0"?>\n<ErrorResponse${namespace}><Error><Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(error.message)}</Message>${service?.errorDetail ? '<Detail/>' : ''}</Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\//;

/**
 * The query service a request is for: by `Version` (unique per service), else by the SigV4
 * credential scope's service name — action names overlap between services (`TagResource`).
 */
export function queryServiceOf(services: readonly QueryService[], params: Map<string, string>, authorization: string | undefined): QueryService | undefined {
  const version = params.get('Version');
  const byVersion = version ? services.find((s) => s.version === version) : undefined;
  if (byVersion) return byVersion;
  const scope = SCOPE.exec(authorization ?? '')?.[1];
  if (scope) return services.find((s) => s.signingName === scope);
  // An unsigned link such as SNS's UnsubscribeURL names only the action: fine when one service has it.
  const action = params.get('Action');
  const owners = action ? services.filter((s) => action in s.actions) : [];
  return owners.length === 1 ? owners[0] : undefined;
}

/** Decodes, runs and encodes one query request; the caller sends `{status, body}` as `text/xml`. */
export async function runQueryAction(
  service: QueryService,
  action: string,
  params: Map<string, string>,
  ctx: RequestContext,
): Promise<{ status: number; body: string }> {
  const model = service.actions[action];
  if (!model) {
    throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, { queryCode: 'InvalidAction' });
  }
  const input = decodeQueryInput(model.input, params);
  const output = await service.handle(action, input, ctx);
  return { status: 200, body: encodeQueryResponse(service, action, output, ctx.requestId) };
}
