import { execFileSync } from "node:child_process";
import { call, newOperatorKey, setUpProgram } from "./check-program.ts";
import { freshDatabase, removeDatabase, startApi } from "./local-server.ts";
const dir = freshDatabase();
const op = newOperatorKey();
const server = await startApi(dir, op, { env: { X_LOCAL_OBSERVABILITY: "false" } });
try {
  const p = await setUpProgram(server.base, op, 50, 1);
  const events = p.ids.map((id, i) => ({ eventId: `e${i}`, participantId: id, metric: "touch", occurredAt: new Date(Date.now() - 3600_000).toISOString() }));
  console.log((await call(server.base, "POST", `${p.programPath}/events`, p.ingestKeys[0], { events })).status);
  const urls: [string, string][] = [["404", "/nothing"], ["floor", `${p.programPath}/reports/weekly`], ["top100", `${p.programPath}/leaderboard?limit=100`]];
  for (const [name, url] of urls) {
    const out = execFileSync("wrk", ["-t2", "-c8", "-d8s", "--latency", "-H", `Authorization: Bearer ${p.adminKey}`, server.base + url], { encoding: "utf8" });
    console.log(name, out.split("\n").filter((l) => /Latency|50%|99%|Requests\/sec|Non-2xx/.test(l)).join(" | "));
  }
} finally { await server.stop(); removeDatabase(dir); }
