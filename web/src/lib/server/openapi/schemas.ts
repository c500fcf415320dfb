/**
 * The walk of a document's schemas into what the API reference shows of them: field tables (one
 * row a field, nested objects following their parent), types and notes in words, and examples.
 */

import type { Refs, Schema } from "./document";
import { prose, type Prose } from "./prose";

/** One row of a field table: `name` is its path, e.g. `events[].occurredAt`; `depth` indents it. */
export interface Field {
  name: string;
  depth: number;
  type: string;
  required: boolean;
  description: Prose;
  /** Limits, allowed values, default and example, in words. */
  notes: string[];
}

export interface Example {
  title: string;
  json: string;
}

/** How deep a field table follows nested objects; deeper fields are left to the examples. */
const MAX_DEPTH = 6;

/** The rows of an object's fields, nested objects and arrays of objects following their parent. */
export function fieldsOf(refs: Refs, schema: Schema, prefix: string, depth: number, out: Field[], seen: Set<string>): void {
  const required = new Set(schema.required ?? []);
  for (const part of schema.allOf ?? []) fieldsOf(refs, refs.schema(part), prefix, depth, out, seen);
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const path = prefix + name;
    const field = refs.schema(raw);
    out.push({ name: path, depth, type: typeOf(refs, raw), required: required.has(name), description: prose(field.description), notes: notesOf(refs, field) });
    nested(refs, raw, path, depth + 1, out, seen);
  }
  const more = schema.additionalProperties;
  if (more && typeof more === "object" && !schema.properties) {
    out.push({
      name: `${prefix}{name}`,
      depth,
      type: typeOf(refs, more),
      required: false,
      description: prose(refs.schema(more).description),
      notes: notesOf(refs, refs.schema(more)),
    });
  }
}

/** The fields inside a field: an object's, an array's items', each object alternative's. */
function nested(refs: Refs, raw: Schema, path: string, depth: number, out: Field[], seen: Set<string>): void {
  if (depth > MAX_DEPTH) return;
  if (raw.$ref) {
    if (seen.has(raw.$ref)) return;
    seen = new Set(seen).add(raw.$ref);
  }
  const schema = refs.schema(raw);
  const alternatives = withoutNull(schema.anyOf ?? schema.oneOf ?? []);
  if (alternatives.length === 1) {
    nested(refs, alternatives[0], path, depth, out, seen);
    return;
  }
  if (alternatives.length > 1) {
    alternatives.forEach((alternative, i) => {
      if (!objectLike(refs, refs.schema(alternative))) return;
      out.push({
        name: `${path} (option ${i + 1})`,
        depth,
        type: typeOf(refs, alternative),
        required: false,
        description: prose(refs.schema(alternative).description),
        notes: [],
      });
      nested(refs, alternative, path, depth + 1, out, seen);
    });
    return;
  }
  if (schema.items) nested(refs, schema.items, `${path}[]`, depth, out, seen);
  else if (objectLike(refs, schema)) fieldsOf(refs, schema, `${path}.`, depth, out, seen);
}

const withoutNull = (schemas: Schema[]) => schemas.filter((s) => s.type !== "null");

export function objectLike(refs: Refs, schema: Schema): boolean {
  return !!schema.properties || (schema.allOf ?? []).some((s) => objectLike(refs, refs.schema(s)));
}

/** A field's type in words: `string`, `integer or null`, `array of Metric`, `"lead" | "lag"`. */
export function typeOf(refs: Refs, raw: Schema): string {
  if (raw.$ref) {
    const name = refs.name(raw.$ref);
    const schema = refs.schema(raw);
    if (schema.enum || schema.properties || schema.anyOf || schema.oneOf) return name;
    return typeOf(refs, schema);
  }
  const schema = raw;
  if (schema.const !== undefined) return show(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const nullable = alternatives.length !== withoutNull(alternatives).length;
    const types = [...new Set(withoutNull(alternatives).map((a) => typeOf(refs, a)))];
    const shapes = withoutNull(alternatives).filter((a) => objectLike(refs, refs.schema(a))).length;
    if (shapes > 1 && types.length === 1) types[0] = `one of ${shapes} objects`;
    return [...types, ...(nullable ? ["null"] : [])].join(" or ");
  }
  if (schema.allOf?.length === 1) return typeOf(refs, schema.allOf[0]);
  if (schema.allOf && objectLike(refs, schema)) return "object";
  let types = [schema.type ?? (schema.properties ? "object" : "any")].flat();
  if (schema.nullable) types = [...types, "null"];
  return types
    .map((type) => {
      if (type === "array") return `array of ${schema.items ? typeOf(refs, schema.items) : "any"}`;
      if (type === "string" && schema.format) return `string (${schema.format})`;
      const values = schema.additionalProperties;
      if (type === "object" && !schema.properties && values && typeof values === "object") return `object of ${typeOf(refs, values)} values`;
      return type;
    })
    .join(" or ");
}

/** A field's limits, allowed values, default and example, in words. */
export function notesOf(refs: Refs, schema: Schema): string[] {
  const notes: string[] = [];
  const values = schema.enum ?? withoutNull(schema.anyOf ?? schema.oneOf ?? []).flatMap((s) => refs.schema(s).enum ?? []);
  if (values.length === 1) notes.push(`always ${show(values[0])}`);
  else if (values.length > 1) notes.push(`one of ${values.map(show).join(", ")}`);
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) notes.push(`${min}–${max}${unit}`);
    else if (min !== undefined) notes.push(`at least ${min}${unit}`);
    else if (max !== undefined) notes.push(`at most ${max}${unit}`);
  };
  range(schema.minimum, schema.maximum, "");
  if (schema.exclusiveMinimum !== undefined) notes.push(`greater than ${schema.exclusiveMinimum}`);
  if (schema.exclusiveMaximum !== undefined) notes.push(`less than ${schema.exclusiveMaximum}`);
  range(schema.minLength, schema.maxLength, " characters");
  range(schema.minItems, schema.maxItems, " items");
  if (schema.pattern) notes.push(`matches ${schema.pattern}`);
  if (schema.default !== undefined) notes.push(`default ${show(schema.default)}`);
  const example = schema.example ?? schema.examples?.[0];
  if (example !== undefined && (typeof example !== "object" || example === null)) notes.push(`example: ${show(example)}`);
  return notes;
}

/** An example value of a schema: its own example, else built from its fields'; `real` once any example was found. */
export function exampleOf(refs: Refs, raw: Schema, seen: Set<string>, depth = 0): { value: unknown; real: boolean } {
  if (raw.$ref) {
    if (seen.has(raw.$ref) || depth > MAX_DEPTH) return { value: null, real: false };
    seen = new Set(seen).add(raw.$ref);
  }
  const schema = refs.schema(raw);
  const own = schema.example ?? schema.examples?.[0];
  if (own !== undefined) return { value: own, real: true };
  if (schema.const !== undefined) return { value: schema.const, real: false };
  if (schema.enum?.length) return { value: schema.enum[0], real: false };
  if (schema.default !== undefined) return { value: schema.default, real: false };
  const alternatives = withoutNull(schema.anyOf ?? schema.oneOf ?? []);
  if (alternatives.length > 0) return exampleOf(refs, alternatives[0], seen, depth + 1);
  if (schema.properties || schema.allOf) {
    const value: Record<string, unknown> = {};
    let real = false;
    const parts = [schema, ...(schema.allOf ?? []).map((s) => refs.schema(s))];
    for (const part of parts) {
      for (const [name, field] of Object.entries(part.properties ?? {})) {
        const built = exampleOf(refs, field, seen, depth + 1);
        value[name] = built.value;
        real ||= built.real;
      }
    }
    return { value, real };
  }
  const types = [schema.type ?? "any"].flat();
  if (types.includes("array")) {
    const item = schema.items ? exampleOf(refs, schema.items, seen, depth + 1) : { value: null, real: false };
    return { value: [item.value], real: item.real };
  }
  const blank: Record<string, unknown> = { string: "", number: 0, integer: 0, boolean: false, object: {} };
  return { value: types.map((t) => blank[t]).find((v) => v !== undefined) ?? null, real: false };
}

export const show = (value: unknown) => JSON.stringify(value) ?? String(value);
export const json = (value: unknown) => JSON.stringify(value, null, 2);
