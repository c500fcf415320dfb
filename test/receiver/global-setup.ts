/**
 * A local webhook receiver for the tests, in Node beside workerd: it records every request and
 * answers with the statuses it is told to. Tests reach it at RECEIVER_URL:
 *   POST /hook/<name>              a delivery; answered with the next queued status, else 200
 *   PUT  /control/<name>/fail?n=K  answer the next K deliveries to <name> with 500
 *   GET  /control/<name>           the deliveries recorded for <name>: [{headers, body}]
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    receiverUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const received = new Map<string, { headers: IncomingHttpHeaders; body: string }[]>();
  const failures = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://receiver");
      const [, kind, name, action] = url.pathname.split("/");
      if (kind === "hook" && req.method === "POST") {
        received.set(name, [...(received.get(name) ?? []), { headers: req.headers, body }]);
        const failing = failures.get(name) ?? 0;
        failures.set(name, Math.max(0, failing - 1));
        res.writeHead(failing > 0 ? 500 : 200).end();
      } else if (kind === "control" && action === "fail" && req.method === "PUT") {
        failures.set(name, Number(url.searchParams.get("n") ?? 1));
        res.writeHead(204).end();
      } else if (kind === "control" && req.method === "GET") {
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(received.get(name) ?? []));
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("receiverUrl", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
