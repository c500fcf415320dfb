/** Answering JSON the engine has already serialised (engine/outcome.ts's JsonText). */
import type { Context } from "hono";
import type { JsonText } from "./engine/outcome";

export const sendJsonText = <T>(c: Context, text: JsonText<T>) => c.body(text, 200, { "Content-Type": "application/json" });
