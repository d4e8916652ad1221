// Glob patterns (pure; hosts use them to implement Host.glob). Syntax, on "/"-separated paths:
//   *       any characters within one path segment      ?      one character
//   **      (a whole segment) zero or more directories   [abc] [a-z] [!x] [^x]  a character class
//   {a,b}   alternatives (nestable)                      \x     the character x literally
// Wildcards do not match a leading "." of a name unless the pattern segment starts with ".".

/** Expands `{a,b}` alternatives into separate patterns (in order, duplicates removed). */
export function expandBraces(pattern: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (p: string) => {
    const open = findOpenBrace(p);
    if (open < 0) {
      if (!seen.has(p)) {
        seen.add(p);
        out.push(p);
      }
      return;
    }
    // Find the matching close and the top-level commas.
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let i = open; i < p.length; i++) {
      const c = p[i];
      if (c === "\\") {
        i++;
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}") {
        if (--depth === 0) {
          close = i;
          break;
        }
      } else if (c === "," && depth === 1) commas.push(i);
    }
    if (close < 0 || commas.length === 0) {
      // Not an alternative: keep the brace literally (escape it so it is not expanded again).
      visit(p.slice(0, open) + "\\{" + p.slice(open + 1));
      return;
    }
    const head = p.slice(0, open);
    const tail = p.slice(close + 1);
    let start = open + 1;
    for (const comma of [...commas, close]) {
      visit(head + p.slice(start, comma) + tail);
      start = comma + 1;
    }
  };
  visit(pattern);
  return out;
}

function findOpenBrace(p: string): number {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "\\") i++;
    else if (p[i] === "{") return i;
  }
  return -1;
}

/** Does this (brace-expanded) segment contain wildcards? */
export function hasMagic(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === "\\") i++;
    else if (c === "*" || c === "?" || c === "[") return true;
  }
  return false;
}

/** A segment without wildcards, with escapes removed. */
export function unescapeSegment(segment: string): string {
  return segment.replace(/\\(.)/g, "$1");
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

/** The regular expression source matching one path segment. */
function segmentSource(seg: string): string {
  let out = seg.startsWith(".") ? "" : "(?!\\.)";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === "\\" && i + 1 < seg.length) {
      out += seg[++i].replace(REGEX_SPECIAL, "\\$&");
    } else if (c === "*") {
      while (seg[i + 1] === "*") i++;
      out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = seg.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = seg.slice(i + 1, close);
      let negate = false;
      if (body[0] === "!" || body[0] === "^") {
        negate = true;
        body = body.slice(1);
      }
      body = body.replace(/[\\\]^]/g, "\\$&");
      out += negate ? `[^/${body}]` : `[${body}]`;
      i = close;
    } else out += c.replace(REGEX_SPECIAL, "\\$&");
  }
  return out;
}

export function segmentRegExp(segment: string): RegExp {
  return new RegExp(`^${segmentSource(segment)}$`);
}

/** The regular expression matching whole paths for one brace-free pattern. */
export function globToRegExp(pattern: string): RegExp {
  const segs = pattern.split("/");
  let out = "^";
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    if (seg === "**") {
      out += last ? "(?:(?!\\.)[^/]+(?:/(?!\\.)[^/]+)*)?" : "(?:(?!\\.)[^/]+/)*";
      continue;
    }
    out += i === 0 && seg === "" ? "" : segmentSource(seg);
    if (!last) out += "/";
  }
  return new RegExp(out + "$");
}

/** Does `path` match `pattern` (braces included)? */
export function matchGlob(pattern: string, path: string): boolean {
  return expandBraces(pattern).some((p) => globToRegExp(p).test(path));
}
