/**
 * `npm start`, the checks and the bench run their TypeScript in plain Node (type stripping), which
 * resolves a relative import only with its extension: `./memo` fails where `./memo.ts` works. The
 * bundler and vitest resolve both, so only this walk of the import graph from those entry points
 * catches it before a user does.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
/** The files npm scripts run with plain `node` (package.json): `npm start`, the checks, the bench. */
const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
const entries = Object.values(scripts).flatMap((command) => [...command.matchAll(/(?:^|&& )node (\S+\.ts)/g)].map((m) => join(ROOT, m[1])));
const RELATIVE = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/g;

/** Every relative import reachable from the entry points, as [importing file, specifier]. */
function relativeImports(): [string, string][] {
  const seen = new Set<string>();
  const found: [string, string][] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(RELATIVE)) {
      found.push([file, spec]);
      const target = resolve(dirname(file), spec);
      if (target.endsWith(".ts") && existsSync(target)) visit(target);
    }
  };
  entries.forEach(visit);
  return found;
}

describe("modules that plain Node runs", () => {
  it("import each relative module by its file name, extension included", () => {
    expect(entries.map((e) => e.slice(ROOT.length + 1))).toContain("scripts/start.ts");
    const imports = relativeImports();
    expect(imports.length).toBeGreaterThan(20);
    const unresolved = imports
      .filter(([file, spec]) => !existsSync(resolve(dirname(file), spec)))
      .map(([file, spec]) => `${file.slice(ROOT.length + 1)}: ${spec}`);
    expect(unresolved).toEqual([]);
  });
});
