/**
 * `npm run manager -- --org <slug> --email <address> [--name <name>] [--password <password>] [--url <base>]`
 * Creates a console account for an organisation through the operator-only endpoint
 * POST /v1/orgs/{org}/managers. The operator key comes from OPERATOR_KEY, else from
 * .leadboard/local.json (what `npm start` made); the URL from --url, LEADBOARD_URL, else
 * http://localhost:8787. Without --password a strong one is generated and printed once.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { readState } from "./local-state.ts";

const { values } = parseArgs({
  options: {
    org: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
    url: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

const usage = "usage: npm run manager -- --org <org slug> --email <address> [--name <name>] [--password <password>] [--url <base URL>]";
if (values.help || !values.org || !values.email) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
const operatorKey = process.env.OPERATOR_KEY ?? readState().operatorKey;
if (!operatorKey) {
  console.error("No operator key: set OPERATOR_KEY (or run `npm start` once, which keeps one in .leadboard/local.json).");
  process.exit(2);
}
const base = (values.url ?? process.env.LEADBOARD_URL ?? `http://localhost:${process.env.PORT ?? 8787}`).replace(/\/$/, "");
const password = values.password ?? randomBytes(15).toString("base64url");

let response: Response;
try {
  response = await fetch(`${base}/v1/orgs/${encodeURIComponent(values.org)}/managers`, {
    method: "POST",
    headers: { Authorization: `Bearer ${operatorKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ email: values.email, password, ...(values.name ? { name: values.name } : {}) }),
  });
} catch (error) {
  console.error(`Could not reach ${base}: ${(error as Error).message}. Is the product running (npm start)?`);
  process.exit(1);
}
const body = (await response.json().catch(() => null)) as any;
if (response.status !== 201) {
  const e = body?.error;
  console.error(`Refused (${response.status}): ${e?.message ?? "no details"}`);
  for (const d of e?.details ?? []) console.error(`  ${d.path}: ${d.message}`);
  process.exit(1);
}
console.log(`Manager ${body.email} of organisation ${body.org} created.`);
if (!values.password) console.log(`Password: ${password}   (shown once; sign in at ${base}/console/login)`);
