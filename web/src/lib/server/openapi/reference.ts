/**
 * The API reference (/docs/api): the OpenAPI 3.1 document the API serves at
 * `GET /v1/openapi.json`, turned into what the page shows: operations grouped by tag, each with
 * its credential, parameters, and request and answer bodies as field tables, and examples.
 * Only what the page needs of OpenAPI is read; anything else in the document is left out.
 */

import { Refs, type Media, type OpenApiDocument, type Operation, type Parameter } from "./document";
import { anchor, prose, type Prose } from "./prose";
import { exampleOf, fieldsOf, json, notesOf, objectLike, show, typeOf, type Example, type Field } from "./schemas";

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
      return {
        name: p.name,
        in: p.in,
        depth: 0,
        type: typeOf(refs, p.schema ?? {}),
        required: p.in === "path" || !!p.required,
        description: prose(p.description ?? schema.description),
        notes,
      };
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

  const security = op.security ?? doc.security ?? [];
  return {
    id: anchor(op.operationId ?? `${method} ${path}`),
    method: method.toUpperCase(),
    path,
    summary: op.summary ?? "",
    description: prose(op.description),
    deprecated: !!op.deprecated,
    credential: prose(credentialOf(security)),
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
