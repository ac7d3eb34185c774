import type { AttributeMap, AttributeValue } from '../types/streams';
import type { TableSchema, SchemaDrift, SchemaAttribute } from '../types/schema';
import { attributeType, type AttributeType } from './attribute-value';

/**
 * Learns the shape of a table's items from the stream images Eddy already decoded (top-level
 * attributes only: attribute → DynamoDB types seen, how often, first and last seen) and says
 * where it drifted. Pure and bounded: no I/O, at most `MAX_ATTRIBUTES` attributes and
 * `MAX_VERSION_VALUES` version values per table.
 */

/** Images an attribute (or the table) must have shown before a change counts as drift, not as learning. */
export const WARMUP_IMAGES = 5;
/** Attributes tracked per table: a table with a thousand sparse attributes is not one shape. */
export const MAX_ATTRIBUTES = 200;
export const MAX_VERSION_VALUES = 50;
/** Attribute names taken as an item's schema version, in this order of preference. */
export const VERSION_ATTRIBUTES = ['schemaVersion', 'version', 'v'] as const;
/**
 * A "version" with more distinct values than this is a counter (optimistic locking increments
 * `version` on every write), not a schema version: its new values are not drift.
 */
export const VERSION_COUNTER_VALUES = 8;

interface TypeStats {
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Images that carried the attribute with another type before this type first appeared. */
  seenBefore: number;
}

interface AttributeStats {
  count: number;
  firstSeen: number;
  lastSeen: number;
  types: Map<AttributeType, TypeStats>;
  /** Present in every image since it first appeared, until `missingSince`. */
  presentStreak: number;
  missingSince?: number;
  missingCount: number;
  missingLastSeen?: number;
}

interface VersionStats {
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Images of the table seen before this value first appeared. */
  imagesBefore: number;
}

/** What one image looked like against the shape learned before it: empty when it fits. */
export interface ShapeAnomaly {
  attribute: string;
  message: string;
}

function versionText(value: AttributeValue): string | undefined {
  if ('N' in value) return value.N;
  if ('S' in value) return value.S;
  return undefined;
}

/** One table's learned shape. Feed it new images in stream order; read it with `snapshot()`. */
export class ShapeLearner {
  private images = 0;
  private firstSeen: number | undefined;
  private lastSeen: number | undefined;
  private readonly attributes = new Map<string, AttributeStats>();
  private readonly versions = new Map<string, VersionStats>();
  private versionAttribute: string | undefined;
  private overflow = 0;

  constructor(readonly table: string) {}

  /** How many images were learned from. */
  get imageCount(): number {
    return this.images;
  }

  /**
   * What in `image` does not fit the shape learned so far (a type never seen on an established
   * attribute, an always-present attribute missing, a new version value), without learning it.
   */
  check(image: AttributeMap): ShapeAnomaly[] {
    const out: ShapeAnomaly[] = [];
    if (this.images < WARMUP_IMAGES) return out;
    for (const [name, value] of Object.entries(image)) {
      const stats = this.attributes.get(name);
      if (!stats || stats.count < WARMUP_IMAGES) continue;
      const type = attributeType(value);
      const known = stats.types.get(type);
      if (!known || known.seenBefore >= WARMUP_IMAGES) {
        const usual = this.usualTypes(stats).join('/');
        out.push({ attribute: name, message: `${name} is ${type} where recent images had ${usual}` });
      }
    }
    for (const [name, stats] of this.attributes) {
      if (name in image || stats.missingSince !== undefined || stats.presentStreak < WARMUP_IMAGES) continue;
      out.push({ attribute: name, message: `${name} is missing (present in every image before)` });
    }
    const version = this.versionAttribute && image[this.versionAttribute] ? versionText(image[this.versionAttribute]) : undefined;
    if (version !== undefined && !this.isCounter()) {
      const seen = this.versions.get(version);
      if (!seen || seen.imagesBefore >= WARMUP_IMAGES) out.push({ attribute: this.versionAttribute as string, message: `${this.versionAttribute} = ${version}, a version not seen before` });
    }
    return out;
  }

  /** Learns one new image written at `at` (epoch ms). Returns what did not fit before it was learned. */
  observe(image: AttributeMap, at: number): ShapeAnomaly[] {
    const anomalies = this.check(image);
    this.firstSeen = Math.min(this.firstSeen ?? at, at);
    this.lastSeen = Math.max(this.lastSeen ?? at, at);
    for (const [name, value] of Object.entries(image)) {
      let stats = this.attributes.get(name);
      if (!stats) {
        if (this.attributes.size >= MAX_ATTRIBUTES) {
          this.overflow++;
          continue;
        }
        stats = { count: 0, firstSeen: at, lastSeen: at, types: new Map(), presentStreak: 0, missingCount: 0 };
        this.attributes.set(name, stats);
      }
      const type = attributeType(value);
      const typeStats = stats.types.get(type);
      if (typeStats) {
        typeStats.count++;
        typeStats.lastSeen = Math.max(typeStats.lastSeen, at);
      } else stats.types.set(type, { count: 1, firstSeen: at, lastSeen: at, seenBefore: stats.count });
      stats.count++;
      stats.lastSeen = Math.max(stats.lastSeen, at);
      if (stats.missingSince === undefined) stats.presentStreak++;
    }
    for (const [name, stats] of this.attributes) {
      if (name in image) continue;
      if (stats.missingSince === undefined && stats.presentStreak >= WARMUP_IMAGES) stats.missingSince = at;
      if (stats.missingSince !== undefined) {
        stats.missingCount++;
        stats.missingLastSeen = at;
      } else stats.presentStreak = 0;
    }
    this.versionAttribute ??= VERSION_ATTRIBUTES.find((n) => image[n] !== undefined && versionText(image[n]) !== undefined);
    const version = this.versionAttribute && image[this.versionAttribute] ? versionText(image[this.versionAttribute]) : undefined;
    if (version !== undefined) {
      const seen = this.versions.get(version);
      if (seen) {
        seen.count++;
        seen.lastSeen = Math.max(seen.lastSeen, at);
      } else if (this.versions.size < MAX_VERSION_VALUES) this.versions.set(version, { count: 1, firstSeen: at, lastSeen: at, imagesBefore: this.images });
    }
    this.images++;
    return anomalies;
  }

  private usualTypes(stats: AttributeStats): AttributeType[] {
    return [...stats.types].filter(([, t]) => t.seenBefore < WARMUP_IMAGES).map(([type]) => type);
  }

  private isCounter(): boolean {
    return this.versions.size > VERSION_COUNTER_VALUES;
  }

  /** Every drift the learned history shows, oldest first. */
  drift(): SchemaDrift[] {
    const out: SchemaDrift[] = [];
    for (const [name, stats] of this.attributes) {
      const usual = this.usualTypes(stats);
      for (const [type, t] of stats.types) {
        if (t.seenBefore < WARMUP_IMAGES) continue;
        out.push({
          kind: 'type_changed',
          attribute: name,
          since: t.firstSeen,
          lastSeen: t.lastSeen,
          count: t.count,
          message: `${name} changed type: ${t.count} image(s) carry it as ${type}, where the ${t.seenBefore} before had ${usual.join('/') || 'another type'}.`,
        });
      }
      if (stats.missingSince !== undefined) {
        out.push({
          kind: 'attribute_missing',
          attribute: name,
          since: stats.missingSince,
          lastSeen: stats.missingLastSeen ?? stats.missingSince,
          count: stats.missingCount,
          message: `${name} disappeared: ${stats.missingCount} image(s) lack it, where the ${stats.presentStreak} before all had it.`,
        });
      }
    }
    if (this.versionAttribute && !this.isCounter()) {
      for (const [value, v] of this.versions) {
        if (v.imagesBefore < WARMUP_IMAGES) continue;
        out.push({
          kind: 'new_version',
          attribute: this.versionAttribute,
          since: v.firstSeen,
          lastSeen: v.lastSeen,
          count: v.count,
          message: `A new ${this.versionAttribute} appeared: ${value} (${v.count} image(s)) after ${v.imagesBefore} images without it.`,
        });
      }
    }
    return out.sort((a, b) => a.since - b.since || a.attribute.localeCompare(b.attribute));
  }

  /** The learned shape for the page, attributes most common first. */
  snapshot(): Omit<TableSchema, 'source'> {
    const attributes: SchemaAttribute[] = [...this.attributes].map(([name, s]) => ({
      name,
      count: s.count,
      share: this.images === 0 ? 0 : s.count / this.images,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      types: [...s.types].map(([type, t]) => ({ type, count: t.count, firstSeen: t.firstSeen, lastSeen: t.lastSeen, drifted: t.seenBefore >= WARMUP_IMAGES })).sort((a, b) => b.count - a.count),
    }));
    attributes.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return {
      table: this.table,
      images: this.images,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      attributes,
      attributesNotTracked: this.overflow > 0 ? this.overflow : undefined,
      version: this.versionAttribute
        ? {
            attribute: this.versionAttribute,
            counter: this.isCounter(),
            values: [...this.versions].map(([value, v]) => ({ value, count: v.count, firstSeen: v.firstSeen, lastSeen: v.lastSeen })),
          }
        : undefined,
      drift: this.drift(),
    };
  }
}

/** The JSON type of a body value named as the DynamoDB type it would marshal to (numbers N, strings S…). */
function jsonAttributeType(value: unknown): AttributeType | undefined {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return 'L';
  switch (typeof value) {
    case 'string':
      return 'S';
    case 'number':
      return 'N';
    case 'boolean':
      return 'BOOL';
    case 'object':
      return 'M';
    default:
      return undefined;
  }
}

/** Each named value whose type is not among the established types of the table's attribute of that name. */
function typeDifferences(fields: [string, AttributeType | undefined][], schema: Pick<TableSchema, 'attributes' | 'images'>): string[] {
  if (schema.images < WARMUP_IMAGES) return [];
  const byName = new Map(schema.attributes.map((a) => [a.name, a]));
  const out: string[] = [];
  for (const [name, type] of fields) {
    const attribute = byName.get(name);
    if (!attribute || !type) continue;
    // The established types (before any drift): what successful traffic carried.
    const usual = attribute.types.filter((t) => !t.drifted).map((t) => t.type);
    if (usual.length > 0 && !usual.includes(type)) out.push(`${name} is ${type}, recent traffic has ${usual.join('/')}`);
  }
  return out;
}

/**
 * How a JSON message body differs from a table's learned shape: each top-level field the table
 * also has, whose JSON type is not among the established types of its images (a drifted type
 * does not count as usual). Only fields the table knows are compared (a message carries a
 * projection of the item, not all of it); lists and maps are not compared, as a JSON array may
 * marshal to a list or a set.
 */
export function bodyShapeDifferences(body: Record<string, unknown>, schema: Pick<TableSchema, 'attributes' | 'images'>): string[] {
  return typeDifferences(
    Object.entries(body).map(([name, value]): [string, AttributeType | undefined] => {
      const type = jsonAttributeType(value);
      return [name, type === 'L' || type === 'M' ? undefined : type];
    }),
    schema,
  );
}

/** How a stream image differs from a table's learned shape: each attribute of a type its established images never had. */
export function imageShapeDifferences(image: AttributeMap, schema: Pick<TableSchema, 'attributes' | 'images'>): string[] {
  return typeDifferences(Object.entries(image).map(([name, value]) => [name, attributeType(value)]), schema);
}
