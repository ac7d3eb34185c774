/**
 * SNS subscription filter policies (reference part 2, §2.6): validation with AWS's messages and
 * matching against message attributes or a JSON message body. Supported rules: exact strings,
 * numbers, `true`/`false`/`null`, `prefix`, `suffix`, `equals-ignore-case`, `anything-but`
 * (values or `{prefix}`), `numeric` (`=` or a range), `exists`, and `$or`.
 */

export type FilterScope = 'MessageAttributes' | 'MessageBody';

/** A parsed policy: a tree of keys ending in rule lists, plus `$or` alternatives. */
export interface FilterPolicy {
  keys: Record<string, Rule[] | FilterPolicy>;
  or: FilterPolicy[];
}

type Bound = { value: number; inclusive: boolean };

type Rule =
  | { kind: 'equals'; value: string | number | boolean | null }
  | { kind: 'prefix' | 'suffix' | 'equals-ignore-case'; value: string }
  | { kind: 'anything-but'; values: (string | number)[] }
  | { kind: 'anything-but-prefix'; value: string }
  | { kind: 'numeric'; lower?: Bound; upper?: Bound; equals?: number }
  | { kind: 'exists'; value: boolean };

/** A policy that AWS would reject; the message is the text AWS puts after `FilterPolicy: `. */
export class FilterPolicyError extends Error {}

/** AWS's limits: 5 keys, 150 combinations of values. */
const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;
const OPERATORS = ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'cidr'];

const fail = (message: string): never => {
  throw new FilterPolicyError(message);
};

function parseRule(raw: unknown): Rule {
  if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return { kind: 'equals', value: raw };
  if (Array.isArray(raw)) return fail('Match value must be String, number, true, false, or null');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length !== 1) return fail('Only one key allowed in match expression');
  const [type, value] = entries[0];
  switch (type) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      if (typeof value !== 'string') return fail(`${type} match pattern must be a string`);
      return { kind: type, value };
    case 'exists':
      if (typeof value !== 'boolean') return fail('exists match pattern must be either true or false.');
      return { kind: 'exists', value };
    case 'anything-but': {
      if (typeof value === 'string' || typeof value === 'number') return { kind: 'anything-but', values: [value] };
      if (Array.isArray(value)) {
        if (value.some((v) => typeof v !== 'string' && typeof v !== 'number')) return fail('Inside anything but list, start|null|boolean is not supported.');
        return { kind: 'anything-but', values: value as (string | number)[] };
      }
      if (value && typeof value === 'object') {
        const [inner, innerValue] = Object.entries(value)[0] ?? [];
        if (inner !== 'prefix') return fail(`Unsupported anything-but pattern: ${inner}`);
        if (typeof innerValue !== 'string') return fail('prefix match pattern must be a string');
        return { kind: 'anything-but-prefix', value: innerValue };
      }
      return fail('Value of anything-but must be an array or single string/number value.');
    }
    case 'numeric':
      return parseNumeric(value);
    default:
      return fail(`Unrecognized match type ${type}`);
  }
}

function parseNumeric(raw: unknown): Rule {
  if (!Array.isArray(raw) || raw.length === 0) return fail('Invalid member in numeric match: ]');
  const terms = raw as unknown[];
  const op = terms[0];
  if (typeof op !== 'string') return fail(`Invalid member in numeric match: ${String(op)}`);
  if (!['=', '<', '<=', '>', '>='].includes(op)) return fail(`Unrecognized numeric range operator: ${op}`);
  if (op === '=') {
    if (typeof terms[1] !== 'number') return fail('Value of equals must be numeric');
    if (terms.length > 2) return fail('Too many elements in numeric expression');
    return { kind: 'numeric', equals: terms[1] };
  }
  if (typeof terms[1] !== 'number') return fail(`Value of ${op} must be numeric`);
  const first: Bound = { value: terms[1], inclusive: op.endsWith('=') };
  const rule: Extract<Rule, { kind: 'numeric' }> = op.startsWith('>') ? { kind: 'numeric', lower: first } : { kind: 'numeric', upper: first };
  if (terms.length === 2) return rule;
  const op2 = terms[2];
  if (typeof op2 !== 'string') return fail(`Bad value in numeric range: ${String(op2)}`);
  if (op.startsWith('<')) return fail('Too many elements in numeric expression');
  if (!op2.startsWith('<')) return fail(`Bad numeric range operator: ${op2}`);
  if (typeof terms[3] !== 'number') return fail(`Value of ${op2} must be numeric`);
  if (terms.length > 4) return fail('Too many terms in numeric range expression');
  rule.upper = { value: terms[3], inclusive: op2.endsWith('=') };
  if (first.value >= rule.upper.value) return fail('Bottom must be less than top');
  return rule;
}

function parseNode(raw: Record<string, unknown>, scope: FilterScope): FilterPolicy {
  const policy: FilterPolicy = { keys: {}, or: [] };
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) fail('"$or" must be an array with at least 2 elements');
      for (const branch of value as unknown[]) {
        if (!branch || typeof branch !== 'object' || Array.isArray(branch)) fail('"$or" must contain objects');
        policy.or.push(parseNode(branch as Record<string, unknown>, scope));
      }
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) fail('Empty arrays are not allowed');
      policy.keys[key] = value.map(parseRule);
    } else if (value && typeof value === 'object') {
      const inner = value as Record<string, unknown>;
      const first = Object.keys(inner)[0];
      // `{"key":{"suffix":"x"}}`: an operator where a rule list belongs.
      if (first && OPERATORS.includes(first)) fail(`"${first}" must be an object or an array`);
      if (scope === 'MessageAttributes') fail('Filter policy scope MessageAttributes does not support nested filter policy');
      policy.keys[key] = parseNode(inner, scope);
    } else {
      fail(`"${key}" must be an object or an array`);
    }
  }
  return policy;
}

/** Leaf keys and value combinations, for the 5-key and 150-combination limits. */
function complexity(policy: FilterPolicy): { keys: number; combinations: number } {
  let keys = 0;
  let combinations = 1;
  for (const value of Object.values(policy.keys)) {
    if (Array.isArray(value)) {
      keys++;
      combinations *= value.length;
    } else {
      const inner = complexity(value);
      keys += inner.keys;
      combinations *= inner.combinations;
    }
  }
  if (policy.or.length > 0) {
    const branches = policy.or.map(complexity);
    keys += Math.max(...branches.map((b) => b.keys));
    combinations *= branches.reduce((sum, b) => sum + b.combinations, 0);
  }
  return { keys, combinations };
}

/** Parses and validates a `FilterPolicy` attribute value; throws `FilterPolicyError` with AWS's words. */
export function parseFilterPolicy(text: string, scope: FilterScope): FilterPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail(
      `failed to parse JSON. Unrecognized token '${text.slice(0, 20)}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
    );
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('Filter policy must be a JSON object');
  const policy = parseNode(raw as Record<string, unknown>, scope);
  const { keys, combinations } = complexity(policy);
  if (keys > MAX_KEYS) fail(`Filter policy can not have more than ${MAX_KEYS} keys`);
  if (combinations > MAX_COMBINATIONS) fail('Filter policy is too complex');
  return policy;
}

// ---- matching -----------------------------------------------------------------------------

/** A published attribute: `DataType` and its value. */
export interface PublishedAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** The values one key has in a message (`undefined`: the key is absent), and nested objects in a body. */
interface Found {
  candidates: unknown[] | undefined;
  nested?: unknown[];
}

function ruleMatches(rule: Rule, candidates: unknown[] | undefined): boolean {
  if (rule.kind === 'exists') return rule.value ? candidates !== undefined && candidates.length > 0 : candidates === undefined;
  // A message without the key matches no rule but `exists: false` (not even anything-but).
  if (candidates === undefined) return false;
  switch (rule.kind) {
    case 'equals':
      // Numbers match numbers (Number attributes, numeric body values), strings match strings.
      return candidates.some((c) => c === rule.value);
    case 'prefix':
      return candidates.some((c) => typeof c === 'string' && c.startsWith(rule.value));
    case 'suffix':
      return candidates.some((c) => typeof c === 'string' && c.endsWith(rule.value));
    case 'equals-ignore-case':
      return candidates.some((c) => typeof c === 'string' && c.toLowerCase() === rule.value.toLowerCase());
    case 'anything-but':
      // Every value must be outside the list (the newer documentation's reading).
      return candidates.every((c) => !rule.values.includes(c as string | number));
    case 'anything-but-prefix':
      return candidates.every((c) => typeof c === 'string' && !c.startsWith(rule.value));
    case 'numeric':
      return candidates.some((c) => {
        if (typeof c !== 'number') return false;
        if (rule.equals !== undefined) return c === rule.equals;
        if (rule.lower && (rule.lower.inclusive ? c < rule.lower.value : c <= rule.lower.value)) return false;
        if (rule.upper && (rule.upper.inclusive ? c > rule.upper.value : c >= rule.upper.value)) return false;
        return true;
      });
  }
}

function policyMatches(policy: FilterPolicy, lookup: (key: string) => Found): boolean {
  for (const [key, value] of Object.entries(policy.keys)) {
    const found = lookup(key);
    if (Array.isArray(value)) {
      if (!value.some((rule) => ruleMatches(rule, found.candidates))) return false;
    } else if (!(found.nested ?? []).some((o) => policyMatches(value, bodyLookup(o)))) {
      // Body scope: one nested object (an array of objects expands) must match the sub-policy.
      return false;
    }
  }
  return policy.or.length === 0 || policy.or.some((branch) => policyMatches(branch, lookup));
}

function bodyLookup(node: unknown): (key: string) => Found {
  return (key) => {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !(key in node)) return { candidates: undefined };
    const value = (node as Record<string, unknown>)[key];
    const list = Array.isArray(value) ? value : [value];
    return {
      candidates: list.filter((v) => v === null || typeof v !== 'object'),
      nested: list.filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v)),
    };
  };
}

/** Whether a message passes a subscription's policy. */
export function matchesFilterPolicy(
  policy: FilterPolicy,
  scope: FilterScope,
  message: { body: string; attributes: Record<string, PublishedAttribute> },
): boolean {
  if (scope === 'MessageBody') {
    let body: unknown;
    try {
      body = JSON.parse(message.body);
    } catch {
      return false;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
    return policyMatches(policy, bodyLookup(body));
  }
  // A message without attributes never passes a non-empty attribute policy, not even `exists: false`.
  if (Object.keys(message.attributes).length === 0) return Object.keys(policy.keys).length === 0 && policy.or.length === 0;
  return policyMatches(policy, (key) => {
    const attribute = message.attributes[key];
    // Binary attributes take no part in filtering.
    if (!attribute || attribute.DataType.startsWith('Binary') || attribute.StringValue === undefined) return { candidates: undefined };
    if (attribute.DataType.startsWith('String.Array')) {
      try {
        const parsed = JSON.parse(attribute.StringValue) as unknown;
        if (Array.isArray(parsed)) return { candidates: parsed };
      } catch {
        // Not a JSON array: matched as the plain string it is.
      }
      return { candidates: [attribute.StringValue] };
    }
    // Number attributes compare numerically (`3.015e2` equals `301.5`).
    return { candidates: [attribute.DataType.startsWith('Number') ? Number(attribute.StringValue) : attribute.StringValue] };
  });
}
