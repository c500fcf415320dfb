/** The days a program's boards can show. */
import { z } from "@hono/zod-openapi";

export const spanAnswer = z
  .object({
    firstDay: z.string().openapi({ description: "the earliest of the program's creation day, first weight and first event", example: "2026-06-01" }),
    today: z.string().openapi({ description: "today in the program's time zone", example: "2026-12-05" }),
  })
  .openapi("Span");
