import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every `.cx` file under `dir` (recursively), sorted; [] when `dir` does not exist. */
export function listCx(dir: string, skipDirs: readonly string[] = []): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) {
      if (!skipDirs.includes(e)) out.push(...listCx(p, skipDirs));
    } else if (e.endsWith(".cx")) out.push(p);
  }
  return out.sort();
}
