/**
 * The API reference (/docs/api): the OpenAPI 3.1 document the API serves at
 * `GET /v1/openapi.json`, turned into what the page shows: operations grouped by tag, each with
 * its credential, parameters, and request and answer bodies as field tables, and examples.
 * Only what the page needs of OpenAPI is read; anything else in the document is left out.
 */

/** A JSON Schema as OpenAPI 3.1 writes it (the parts read here). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
}

interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { summary?: string; value?: unknown }>;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
  example?: unknown;
}

interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  deprecated?: boolean;
  security?: Record<string, string[]>[];
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { description?: string; required?: boolean; content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
  "x-credential"?: string | string[];
  "x-credentials"?: string | string[];
}

export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string; description?: string };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  security?: Record<string, string[]>[];
  paths?: Record<string, Record<string, Operation | unknown>>;
  components?: {
    schemas?: Record<string, Schema>;
    parameters?: Record<string, Parameter>;
    securitySchemes?: Record<string, { type?: string; scheme?: string; description?: string }>;
  };
}

/** Text with `code` spans, as paragraphs of segments: the page renders them without HTML. */
export type Prose = { code: boolean; text: string }[][];

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

export interface Body {
  description: Prose;
  required: boolean;
  contentType: string;
  /** The body's type where it is not an object of fields (an array, a string). */
  type: string;
  fields: Field[];
  examples: Example[];
}

export interface Answer {
  status: string;
  description: Prose;
  /** A 4xx or 5xx: the error body, described once on the page. */
  error: boolean;
  body: Body | null;
}

export interface Endpoint {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: Prose;
  deprecated: boolean;
  credential: Prose;
  parameters: (Field & { in: string })[];
  body: Body | null;
  answers: Answer[];
}

export interface Group {
  id: string;
  name: string;
  description: Prose;
  endpoints: Endpoint[];
}

export interface Reference {
  title: string;
  version: string;
  openapi: string;
  description: Prose;
  servers: string[];
  credentials: { name: string; description: Prose }[];
  groups: Group[];
}

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options"];
/** How deep a field table follows nested objects; deeper fields are left to the examples. */
const MAX_DEPTH = 6;

/** Splits text into paragraphs (blank lines) of plain and `code` segments. */
export function prose(text: string | undefined | null): Prose {
  if (!text) return [];
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter(Boolean)
    .map((p) => p.split(/`([^`]+)`/).flatMap((text, i) => (text ? [{ code: i % 2 === 1, text }] : [])));
}

/** An anchor id of letters, digits and hyphens. */
export const anchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[{}]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export function reference(doc: OpenApiDocument): Reference {
  const refs = new Refs(doc);
  const tagOrder = (doc.tags ?? []).map((t) => t.name);
  const groups = new Map<string, Group>();
  const groupOf = (name: string) => {
    let group = groups.get(name);
    if (!group) {
      const tag = doc.tags?.find((t) => t.name === name);
      group = { id: `tag-${anchor(name)}`, name, description: prose(tag?.description), endpoints: [] };
      groups.set(name, group);
    }
    return group;
  };
  for (const name of tagOrder) groupOf(name);

  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = ((item as { parameters?: Operation["parameters"] }).parameters ?? []) as Operation["parameters"];
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const endpoint = endpointOf(refs, doc, method, path, operation, shared ?? []);
      groupOf(operation.tags?.[0] ?? "Other").endpoints.push(endpoint);
    }
  }

  const schemes = doc.components?.securitySchemes ?? {};
  return {
    title: doc.info?.title ?? "API",
    version: doc.info?.version ?? "",
    openapi: doc.openapi,
    description: prose(doc.info?.description),
    servers: (doc.servers ?? []).map((s) => s.url),
    credentials: Object.entries(schemes).map(([name, s]) => ({
      name: s.type === "http" && s.scheme === "bearer" ? "Authorization: Bearer <secret>" : name,
      description: prose(s.description),
    })),
    groups: [...groups.values()].filter((g) => g.endpoints.length > 0),
  };
}

function endpointOf(refs: Refs, doc: OpenApiDocument, method: string, path: string, op: Operation, shared: NonNullable<Operation["parameters"]>): Endpoint {
  const parameters = [...shared, ...(op.parameters ?? [])]
    .map((p) => refs.parameter(p))
    .filter((p): p is Parameter => p !== null)
    .map((p) => {
      const schema = refs.schema(p.schema ?? {});
      const notes = notesOf(refs, schema);
      if (p.example !== undefined && !notes.some((n) => n.startsWith("example"))) notes.push(`example: ${show(p.example)}`);
      return { name: p.name, in: p.in, depth: 0, type: typeOf(refs, p.schema ?? {}), required: p.in === "path" || !!p.required, description: prose(p.description ?? schema.description), notes };
    });

  const request = op.requestBody;
  const body = request ? bodyOf(refs, request.content, request.description, request.required ?? false) : null;

  const answers = Object.entries(op.responses ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, answer]) => {
      const error = /^[45]/.test(status);
      return {
        status,
        description: prose(answer.description),
        error,
        body: error ? null : bodyOf(refs, answer.content, undefined, true),
      };
    });

  const extension = op["x-credential"] ?? op["x-credentials"];
  const security = op.security ?? doc.security ?? [];
  return {
    id: anchor(op.operationId ?? `${method} ${path}`),
    method: method.toUpperCase(),
    path,
    summary: op.summary ?? "",
    description: prose(op.description),
    deprecated: !!op.deprecated,
    credential: extension !== undefined ? prose([extension].flat().join("; ")) : prose(credentialOf(security)),
    parameters,
    body,
    answers,
  };
}

/** In words, from the operation's security requirements. */
function credentialOf(security: Record<string, string[]>[]): string {
  if (security.length === 0) return "none";
  const anonymous = security.some((s) => Object.keys(s).length === 0);
  const named = security.some((s) => Object.keys(s).length > 0);
  if (named && anonymous) return "a bearer credential, or none where the program is public";
  if (named) return "a bearer credential";
  return "none";
}

function bodyOf(refs: Refs, content: Record<string, Media> | undefined, description: string | undefined, required: boolean): Body | null {
  if (!content) return null;
  const [contentType, media] = Object.entries(content).find(([type]) => type.includes("json")) ?? Object.entries(content)[0] ?? [];
  if (!contentType || !media) return null;
  const schema = refs.schema(media.schema ?? {});
  const fields: Field[] = [];
  if (objectLike(refs, schema)) fieldsOf(refs, schema, "", 0, fields, new Set());
  const examples: Example[] = [];
  if (media.example !== undefined) examples.push({ title: "Example", json: json(media.example) });
  for (const [name, example] of Object.entries(media.examples ?? {})) {
    if (example?.value !== undefined) examples.push({ title: example.summary ?? name, json: json(example.value) });
  }
  const own = schema.example ?? schema.examples?.[0];
  if (examples.length === 0 && own !== undefined) examples.push({ title: "Example", json: json(own) });
  // None given for the whole body: one put together from its fields' examples, where they have any.
  if (examples.length === 0) {
    const built = exampleOf(refs, schema, new Set());
    if (built.real) examples.push({ title: "Example, from the fields' examples", json: json(built.value) });
  }
  return { description: prose(description ?? schema.description), required, contentType, type: typeOf(refs, media.schema ?? {}), fields, examples };
}

/** The rows of an object's fields, nested objects and arrays of objects following their parent. */
function fieldsOf(refs: Refs, schema: Schema, prefix: string, depth: number, out: Field[], seen: Set<string>): void {
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
    out.push({ name: `${prefix}{name}`, depth, type: typeOf(refs, more), required: false, description: prose(refs.schema(more).description), notes: notesOf(refs, refs.schema(more)) });
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
  if (alternatives.length === 1) return nested(refs, alternatives[0], path, depth, out, seen);
  if (alternatives.length > 1) {
    alternatives.forEach((alternative, i) => {
      if (!objectLike(refs, refs.schema(alternative))) return;
      out.push({ name: `${path} (option ${i + 1})`, depth, type: typeOf(refs, alternative), required: false, description: prose(refs.schema(alternative).description), notes: [] });
      nested(refs, alternative, path, depth + 1, out, seen);
    });
    return;
  }
  if (schema.items) return nested(refs, schema.items, `${path}[]`, depth, out, seen);
  if (objectLike(refs, schema)) fieldsOf(refs, schema, `${path}.`, depth, out, seen);
}

const withoutNull = (schemas: Schema[]) => schemas.filter((s) => s.type !== "null");

function objectLike(refs: Refs, schema: Schema): boolean {
  return !!schema.properties || (schema.allOf ?? []).some((s) => objectLike(refs, refs.schema(s)));
}

/** A field's type in words: `string`, `integer or null`, `array of Metric`, `"lead" | "lag"`. */
function typeOf(refs: Refs, raw: Schema): string {
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
function notesOf(refs: Refs, schema: Schema): string[] {
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
function exampleOf(refs: Refs, raw: Schema, seen: Set<string>, depth = 0): { value: unknown; real: boolean } {
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

const show = (value: unknown) => JSON.stringify(value) ?? String(value);
const json = (value: unknown) => JSON.stringify(value, null, 2);

/** `$ref`s of the document's components, followed. */
class Refs {
  constructor(private readonly doc: OpenApiDocument) {}

  name(ref: string): string {
    return ref.slice(ref.lastIndexOf("/") + 1);
  }

  /** The schema a `$ref` points to (through chains of refs), or the schema itself. */
  schema(schema: Schema): Schema {
    for (let i = 0; schema.$ref && i < 10; i++) {
      const target = this.doc.components?.schemas?.[this.name(schema.$ref)];
      if (!target) return { description: schema.description };
      schema = schema.description ? { ...target, description: schema.description } : target;
    }
    return schema;
  }

  parameter(p: Parameter | { $ref: string }): Parameter | null {
    if ("$ref" in p) return this.doc.components?.parameters?.[this.name(p.$ref)] ?? null;
    return p;
  }
}

