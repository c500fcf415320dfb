import { z } from "zod";

export const createKeyBody = z.strictObject({ role: z.literal("ingest") });
