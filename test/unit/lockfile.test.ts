// `npm ci` (what CI runs) refuses a lock file that lacks an entry for any optional dependency. The
// registry here does not serve other platforms' optional packages, so `npm install` drops them:
// `node scripts/complete-lockfile.mjs` restores them. This test catches a lock file left incomplete.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";

describe("package-lock.json", () => {
  it("has an entry for every optional dependency (run scripts/complete-lockfile.mjs if not)", () => {
    const lock = JSON.parse(readFileSync(join(__dirname, "../../package-lock.json"), "utf8"));
    const pkgs: Record<string, { optionalDependencies?: Record<string, string> }> = lock.packages;
    const missing: string[] = [];
    for (const [key, entry] of Object.entries(pkgs)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!pkgs[`${key}/node_modules/${name}`] && !pkgs[`node_modules/${name}`]) missing.push(`${name} (from ${key || "the root"})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
