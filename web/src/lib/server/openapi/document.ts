/**
 * The OpenAPI 3.1 document the API serves at `GET /v1/openapi.json`: its types (only the parts
 * the API reference reads; anything else in the document is left out), and its `$ref`s followed.
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

export interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { summary?: string; value?: unknown }>;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
  example?: unknown;
}

export interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  deprecated?: boolean;
  security?: Record<string, string[]>[];
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { description?: string; required?: boolean; content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
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

/** `$ref`s of the document's components, followed. */
export class Refs {
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
