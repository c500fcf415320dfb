import { z } from "@hono/zod-openapi";
import { displayText, slug } from "./common";

export const createOrgBody = z
  .strictObject({ slug: slug.openapi({ example: "demo" }), name: displayText.openapi({ example: "Demo Sales Ltd" }) })
  .openapi("NewOrganisation");

export const createOrgAnswer = z
  .object({
    slug: z.string().openapi({ example: "demo" }),
    name: z.string().openapi({ example: "Demo Sales Ltd" }),
    adminKey: z.string().openapi({ description: "the organisation's admin key: shown once, stored only as a hash" }),
  })
  .openapi("Organisation");
