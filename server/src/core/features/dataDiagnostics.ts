// Data diagnostics belong to the data file (language reference §6): a bad CSV row is shown in the
// CSV. So that the .cx author sees them too, each source with problems in its data also gets, on
// its `file:` value, one diagnostic per code summarising them, with the first locations in the data
// file as related information.
import { posix } from "node:path";
import type { Diagnostic, RelatedInfo } from "../diagnostics";
import type { SemanticModel } from "../semantics/model";

const MAX_RELATED = 10;

export function dataDiagnosticSummaries(model: SemanticModel, diagnostics: Diagnostic[]): Diagnostic[] {
  const bySource = new Map<string, Diagnostic[]>();
  const sourceOf = new Map<string, string>();
  for (const s of model.sources.values()) for (const f of s.files) if (!sourceOf.has(f)) sourceOf.set(f, s.name);
  for (const d of diagnostics) {
    if (model.workspace.fileMap.has(d.file)) continue;
    const source = sourceOf.get(d.file);
    if (!source) continue;
    const list = bySource.get(source) ?? [];
    list.push(d);
    bySource.set(source, list);
  }
  const out: Diagnostic[] = [];
  for (const [source, list] of bySource) {
    const info = model.sources.get(source)!;
    const at = info.sym.props.get("file")?.value ?? info.sym.decl.name;
    if (!at) continue;
    const range = info.sym.file.parse.lines.rangeOf(at.span);
    const codes = [...new Set(list.map((d) => d.code))].sort();
    for (const code of codes) {
      const same = list.filter((d) => d.code === code);
      const first = same[0];
      const severity = same.some((d) => d.severity === "error") ? "error" : first.severity;
      const where = (d: Diagnostic) => `${posix.basename(d.file)}:${d.range.start.line + 1}`;
      const more = same.length > 1 ? ` (and ${same.length - 1} more)` : "";
      const related: RelatedInfo[] = same.slice(0, MAX_RELATED).map((d) => ({ file: d.file, range: d.range, message: d.message }));
      out.push({
        code: first.code,
        severity,
        message: `In the data of '${source}', ${where(first)}: ${first.message}${more}`,
        file: info.sym.file.path,
        range,
        related,
      });
    }
  }
  return out;
}
