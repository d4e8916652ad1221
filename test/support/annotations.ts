// Caret-annotated fixtures, in the spirit of rust-analyzer's `check(input, expect)` tests.
//
// An annotation is a `//` comment line whose first non-space characters after `//` are carets:
//
//     metric m { value: god * 2 }
//     //                ^^^ error CX2001: Unknown metric 'god'. Did you mean 'good'?
//
// The carets mark the columns of the diagnostic's start on the closest preceding line that is
// not itself an annotation. The text after the carets is `severity CODE: message`. A fixture's
// expected set is exactly its annotations: a missing or an extra diagnostic fails the test.
// A single `^` marks only the start column (for zero-width or multi-line ranges).
// Where a range starts in column 1 or 2 (no room for `//`), write the columns explicitly,
// 1-based and end-exclusive: `// <1-7> error CX1001: …`.
// Because annotations are ordinary comments, the fixture is valid .cx and line numbers are real.

export interface Annotation {
  line: number; // 0-based line of the annotated source line
  startCol: number; // 0-based
  endCol: number; // exclusive; startCol + 1 for a single caret
  severity: string;
  code: string;
  message: string;
}

const ANNOTATION = /^(\s*)\/\/(\s*)(\^+)\s+(\w+)\s+(CX\d{4}):\s?(.*)$/;
const EXPLICIT = /^\s*\/\/\s*<(\d+)-(\d+)>\s+(\w+)\s+(CX\d{4}):\s?(.*)$/;

function isAnnotation(line: string): boolean {
  return ANNOTATION.test(line) || EXPLICIT.test(line);
}

export function parseAnnotations(text: string): Annotation[] {
  const lines = text.split(/\r?\n/);
  const out: Annotation[] = [];
  let target = -1;
  for (let i = 0; i < lines.length; i++) {
    const x = EXPLICIT.exec(lines[i]);
    if (x) {
      out.push({ line: target, startCol: Number(x[1]) - 1, endCol: Number(x[2]) - 1, severity: x[3], code: x[4], message: x[5].trim() });
      continue;
    }
    const m = ANNOTATION.exec(lines[i]);
    if (!m) {
      target = i;
      continue;
    }
    const startCol = m[1].length + 2 + m[2].length;
    out.push({
      line: target,
      startCol,
      endCol: startCol + m[3].length,
      severity: m[4],
      code: m[5],
      message: m[6].trim(),
    });
  }
  return out;
}

export interface LocatedDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Renders diagnostics as annotations, so a failing test shows expected vs actual in the same form. */
export function renderAnnotations(text: string, diags: LocatedDiagnostic[]): string {
  const src = text.split(/\r?\n/);
  const byLine = new Map<number, LocatedDiagnostic[]>();
  for (const d of diags) {
    const list = byLine.get(d.range.start.line) ?? [];
    list.push(d);
    byLine.set(d.range.start.line, list);
  }
  const out: string[] = [];
  for (let i = 0; i < src.length; i++) {
    if (isAnnotation(src[i])) continue;
    out.push(src[i]);
    for (const d of byLine.get(i) ?? []) {
      const start = d.range.start.character;
      const end = d.range.end.line === d.range.start.line && d.range.end.character > start ? d.range.end.character : start + 1;
      const tail = `${d.severity} ${d.code}: ${d.message}`;
      out.push(start >= 2 ? `//${" ".repeat(start - 2)}${"^".repeat(end - start)} ${tail}` : `// <${start + 1}-${end + 1}> ${tail}`);
    }
  }
  return out.join("\n");
}

/** Canonical one-line form used to compare expected and actual sets. */
export function key(a: { line: number; startCol: number; endCol: number; severity: string; code: string; message: string }): string {
  return `${a.line + 1}:${a.startCol + 1}-${a.endCol + 1} ${a.severity} ${a.code}: ${a.message}`;
}

export function diagnosticKeys(diags: LocatedDiagnostic[]): string[] {
  return diags
    .map((d) =>
      key({
        line: d.range.start.line,
        startCol: d.range.start.character,
        endCol:
          d.range.end.line === d.range.start.line && d.range.end.character > d.range.start.character
            ? d.range.end.character
            : d.range.start.character + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
      }),
    )
    .sort();
}

export function annotationKeys(text: string): string[] {
  return parseAnnotations(text).map(key).sort();
}
