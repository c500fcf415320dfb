import { z } from "@hono/zod-openapi";

export const createKeyBody = z.strictObject({ role: z.literal("ingest") }).openapi("NewKey", { example: { role: "ingest" } });

export const createKeyAnswer = z.object({ key: z.string().openapi({ description: "the ingest key: shown once, stored only as a hash" }) }).openapi("IngestKey");

export const keysAnswer = z
  .object({
    keys: z.array(
      z
        .object({
          prefix: z.string().openapi({ description: "the key's first characters, to tell keys apart", example: "lbk_3f9a2c" }),
          role: z.string().openapi({ example: "ingest" }),
          createdAt: z.string().openapi({ example: "2026-11-02T09:00:00Z" }),
          revokedAt: z.string().nullable().openapi({ example: null }),
        })
        .openapi("KeyInfo"),
    ),
  })
  .openapi("Keys");
