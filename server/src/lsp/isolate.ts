// Isolation of hostile declarations. When analysing (or evaluating) a workspace throws — a formula
// of thousands of terms overflowing the stack, say — the server finds the declarations that cause
// it by bisection and analyses the workspace with their bodies blanked out (spaces, line breaks
// kept, so every other position stays where it is). Such a declaration keeps its name (references
// to it resolve) but has no properties; diagnostics inside it are not published. It is logged once.
// The blanked text is also what the evaluation worker evaluates.
import { readSourceText, type FileStat, type Host, type SourceText } from "../core/host";
import { parse } from "../core/syntax/index";
import type { Span } from "../core/text";

/** A declaration by its file and its exact source text. */
export interface DeclRef {
  path: string;
  text: string;
  /** Name, for the log. */
  name: string;
}

export interface Degraded {
  path: string;
  name: string;
  /** The blanked range (offsets into the file's text). */
  span: Span;
  /** The whole declaration. */
  decl: Span;
}

const spansMemo = new Map<string, { text: string; decls: { text: string; name: string; span: Span; blank: Span }[] }>();

/** The declarations of a text with the part of each that blanking removes (a body's inside, else the whole declaration). */
function declarationsOf(path: string, text: string) {
  const known = spansMemo.get(path);
  if (known && known.text === text) return known.decls;
  const p = parse(text, path);
  const src = p.text;
  const decls = [];
  for (const item of p.ast.items) {
    if (item.kind !== "Declaration") continue;
    const body = item.body;
    let blank: Span = item.span;
    if (body) {
      const end = src[body.span.end - 1] === "}" ? body.span.end - 1 : body.span.end;
      blank = { start: body.span.start + 1, end: Math.max(body.span.start + 1, end) };
    }
    decls.push({ text: src.slice(item.span.start, item.span.end), name: item.name?.name ?? item.declKind, span: item.span, blank });
  }
  spansMemo.set(path, { text, decls });
  if (spansMemo.size > 64) spansMemo.delete(spansMemo.keys().next().value as string);
  return decls;
}

/** Stands for a whole file whose declarations cannot even be listed (its parse throws). */
const WHOLE_FILE = "\u0000whole file";

/** Every declaration of the given files (for bisection); a file that cannot be parsed is one candidate. */
export function declarationRefs(files: { path: string; text: string }[]): DeclRef[] {
  const out: DeclRef[] = [];
  for (const f of files) {
    let decls;
    try {
      decls = declarationsOf(f.path, stripBom(f.text));
    } catch {
      out.push({ path: f.path, text: WHOLE_FILE, name: f.path.slice(f.path.lastIndexOf("/") + 1) });
      continue;
    }
    for (const d of decls) out.push({ path: f.path, text: d.text, name: d.name });
  }
  return out;
}

/** `text` with the declarations whose source text is in `bad` blanked. */
export function blank(path: string, text: string, bad: ReadonlySet<string>): { text: string; degraded: Degraded[] } {
  const src = stripBom(text);
  if (bad.has(WHOLE_FILE)) {
    const all = { start: 0, end: src.length };
    return { text: src.replace(/[^\r\n]/g, " "), degraded: [{ path, name: path.slice(path.lastIndexOf("/") + 1), span: all, decl: all }] };
  }
  const degraded: Degraded[] = [];
  let out = "";
  let last = 0;
  for (const d of declarationsOf(path, src)) {
    if (!bad.has(d.text)) continue;
    out += src.slice(last, d.blank.start) + src.slice(d.blank.start, d.blank.end).replace(/[^\r\n]/g, " ");
    last = d.blank.end;
    degraded.push({ path, name: d.name, span: d.blank, decl: d.span });
  }
  if (!degraded.length) return { text, degraded };
  return { text: out + src.slice(last), degraded };
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Declarations known to break analysis or evaluation, by file. */
export class Quarantine {
  private readonly bad = new Map<string, Set<string>>();

  add(refs: DeclRef[]): void {
    for (const r of refs) {
      let set = this.bad.get(r.path);
      if (!set) this.bad.set(r.path, (set = new Set()));
      set.add(r.text);
    }
  }

  get empty(): boolean {
    return this.bad.size === 0;
  }

  of(path: string): ReadonlySet<string> | undefined {
    return this.bad.get(path);
  }

  /** Keeps only the entries whose declaration is still in its file. */
  prune(current: (path: string) => string | undefined): void {
    for (const [path, set] of this.bad) {
      const text = current(path);
      let live: Set<string>;
      try {
        live = text === undefined ? new Set() : new Set(declarationsOf(path, stripBom(text)).map((d) => d.text));
      } catch {
        live = new Set([WHOLE_FILE]);
      }
      for (const t of set) if (!live.has(t)) set.delete(t);
      if (!set.size) this.bad.delete(path);
    }
  }

  /** A Host whose texts have the quarantined declarations (and `extra`) blanked. */
  host(base: Host, extra: DeclRef[] = [], degraded?: Degraded[]): Host {
    const more = new Map<string, Set<string>>();
    for (const r of extra) {
      let set = more.get(r.path);
      if (!set) more.set(r.path, (set = new Set()));
      set.add(r.text);
    }
    const blanked = (path: string, text: string | undefined): string | undefined => {
      if (text === undefined) return text;
      const a = this.bad.get(path);
      const b = more.get(path);
      if (!a && !b) return text;
      const r = blank(path, text, a && b ? new Set([...a, ...b]) : (a ?? b)!);
      degraded?.push(...r.degraded);
      return r.text;
    };
    const readText = (path: string): string | undefined => blanked(path, base.readText(path));
    // Blanking keeps every other character where it is (it drops a byte-order mark), so the offset
    // of invalid UTF-8 stays valid.
    const readSource = (path: string): SourceText | undefined => {
      const src = readSourceText(base, path);
      if (!src) return src;
      const text = blanked(path, src.text)!;
      if (text === src.text) return src;
      const bomDropped = src.text.charCodeAt(0) === 0xfeff && text.charCodeAt(0) !== 0xfeff ? 1 : 0;
      return src.invalidUtf8At === undefined ? { text } : { text, invalidUtf8At: src.invalidUtf8At - bomDropped };
    };
    return {
      readText,
      readSource,
      stat: (p: string): FileStat | undefined => base.stat(p),
      realpath: (p: string) => base.realpath(p),
      glob: (p: string) => base.glob(p),
      readChunks: (p: string, signal?: AbortSignal) => base.readChunks(p, signal),
    };
  }
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}

/**
 * Runs `attempt` with the quarantined declarations blanked. If it throws (other than an abort),
 * finds declarations of `candidates` whose blanking makes it succeed (bisection, a few rounds at
 * most), quarantines them and returns the successful result with the newly found culprits.
 * Rethrows the original error if blanking declarations does not help.
 */
export async function isolate<T>(
  quarantine: Quarantine,
  candidates: () => DeclRef[],
  attempt: (extra: DeclRef[]) => Promise<T>,
): Promise<{ value: T; culprits: DeclRef[] }> {
  let first: unknown;
  try {
    return { value: await attempt([]), culprits: [] };
  } catch (e) {
    if (isAbortError(e)) throw e;
    first = e;
  }
  const fails = async (extra: DeclRef[]): Promise<boolean> => {
    try {
      await attempt(extra);
      return false;
    } catch (e) {
      if (isAbortError(e)) throw e;
      return true;
    }
  };
  const all = candidates().filter((r) => !quarantine.of(r.path)?.has(r.text));
  if (await fails(all)) throw first; // not a declaration's fault
  const culprits: DeclRef[] = [];
  for (let round = 0; round < 8; round++) {
    const rest = all.filter((r) => !culprits.includes(r));
    if (!rest.length) break;
    // The smallest k such that keeping the first k declarations of `rest` fails.
    let lo = 0;
    let hi = rest.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (await fails([...culprits, ...rest.slice(mid)])) hi = mid;
      else lo = mid;
    }
    culprits.push(rest[hi - 1]);
    try {
      const value = await attempt(culprits);
      quarantine.add(culprits);
      return { value, culprits };
    } catch (e) {
      if (isAbortError(e)) throw e;
    }
  }
  throw first;
}
