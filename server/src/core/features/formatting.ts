// Formatting edits: the difference between a document and its canonical form (the formatter of
// `cx fmt`), as minimal line-level edits, optionally only those touching a range.
import type { Range } from "../text";

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Line-level edits turning `original` into `formatted`; with `range`, only hunks that touch it. */
export function formatEdits(original: string, formatted: string, range?: Range): TextEdit[] {
  if (original === formatted) return [];
  const a = splitLines(original);
  const b = splitLines(formatted);
  const hunks = diffLines(a.map((l) => l.text + l.eol), b.map((l) => l.text + l.eol));
  const edits: TextEdit[] = [];
  for (const h of hunks) {
    // Lines [h.aStart, h.aEnd) of the original become lines [h.bStart, h.bEnd) of the formatted text.
    const startLine = h.aStart;
    const endLine = h.aEnd;
    const lastTouched = Math.max(startLine, endLine - 1);
    if (range && (lastTouched < range.start.line || startLine > range.end.line)) continue;
    edits.push({
      range: { start: { line: startLine, character: 0 }, end: endLine < a.length ? { line: endLine, character: 0 } : endOf(a) },
      newText: b.slice(h.bStart, h.bEnd).map((l) => l.text + l.eol).join(""),
    });
  }
  return edits;
}

interface Line {
  text: string;
  eol: string;
}

function splitLines(s: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    out.push({ text: s.slice(last, m.index), eol: m[0] });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last), eol: "" });
  return out;
}

function endOf(lines: Line[]): { line: number; character: number } {
  if (lines.length === 0) return { line: 0, character: 0 };
  const last = lines[lines.length - 1];
  return last.eol ? { line: lines.length, character: 0 } : { line: lines.length - 1, character: last.text.length };
}

interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** Hunks of a longest-common-subsequence line diff (common prefix and suffix trimmed first). */
export function diffLines(a: string[], b: string[]): Hunk[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0 || n * m > 4_000_000) return [{ aStart: pre, aEnd: pre + n, bStart: pre, bEnd: pre + m }];
  // LCS table over the middle part.
  const w = m + 1;
  const t = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      t[i * w + j] = a[pre + i] === b[pre + j] ? t[(i + 1) * w + j + 1] + 1 : Math.max(t[(i + 1) * w + j], t[i * w + j + 1]);
    }
  }
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: Hunk | undefined;
  const close = () => {
    if (open) hunks.push(open);
    open = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[pre + i] === b[pre + j]) {
      close();
      i++;
      j++;
      continue;
    }
    open ??= { aStart: pre + i, aEnd: pre + i, bStart: pre + j, bEnd: pre + j };
    if (j < m && (i === n || t[i * w + j + 1] >= t[(i + 1) * w + j])) {
      j++;
      open.bEnd = pre + j;
    } else {
      i++;
      open.aEnd = pre + i;
    }
  }
  close();
  return hunks;
}
