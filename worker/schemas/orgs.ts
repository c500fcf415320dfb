import { z } from "zod";
import { displayText, slug } from "./common";

export const createOrgBody = z.strictObject({ slug, name: displayText });
