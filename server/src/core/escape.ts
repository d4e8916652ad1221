// Escaping of untrusted text — anything that comes from a .cx file, a data file or a file name —
// before it is shown (cli.md "Robustness of every command"). Pure functions, no I/O.
//
// - `escapeControls`: for terminals and CI logs. C0 and C1 control characters (ESC, BEL,
//   backspace, CR, LF, …), DEL, the line and paragraph separators and the Unicode bidirectional
//   formatting characters (embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069, and the
//   marks U+200E, U+200F, U+061C) are written as visible escapes: `\t`, `\n`, `\r`, `\x1b`,
//   `\u202e`. Everything else, backslashes included, is kept as it is.
// - `escapeJsonOutput`: for JSON text: the same characters, which JSON.stringify leaves raw outside
//   C0, become `\u` escapes inside the strings (the parsed value is unchanged).

/** The characters `escapeControls` replaces. */
export const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_G = new RegExp(UNSAFE_CHARS.source, "g");
const UNSAFE_NO_NEWLINE_G = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** The visible escape of one unsafe character: `\t`, `\n`, `\r`, `\xNN` (up to U+00FF) or `\uNNNN`. */
export function escapeChar(c: string): string {
  const short = SHORT[c];
  if (short) return short;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text for a terminal or a log: control and bidirectional formatting characters become visible
 * escapes. With `keepNewlines`, CR and LF are left for a later stage (GitHub's `%0D`/`%0A`).
 */
export function escapeControls(s: string, keepNewlines = false): string {
  const re = keepNewlines ? UNSAFE_NO_NEWLINE_G : UNSAFE_G;
  re.lastIndex = 0;
  if (!re.test(s)) return s;
  re.lastIndex = 0;
  return s.replace(re, escapeChar);
}

/** True when `s` has a character that `escapeControls` would escape. */
export function hasUnsafeChars(s: string): boolean {
  return UNSAFE_CHARS.test(s);
}

const JSON_UNSAFE_G = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (from JSON.stringify) with C1 controls, DEL, the line/paragraph separators and the
 * bidirectional formatting characters written as `\uNNNN` escapes. These characters can only occur
 * inside JSON strings, so the result parses to the same value.
 */
export function escapeJsonOutput(json: string): string {
  JSON_UNSAFE_G.lastIndex = 0;
  if (!JSON_UNSAFE_G.test(json)) return json;
  JSON_UNSAFE_G.lastIndex = 0;
  return json.replace(JSON_UNSAFE_G, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Display columns of a string: code points (wide characters count as one). */
export function displayWidth(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * One source line for a snippet under a diagnostic: tabs shown as one space each (so columns keep
 * their place), other unsafe characters escaped. `column` maps a 0-based UTF-16 offset of the
 * original line to the display column in `text`, so carets stay under the escaped text.
 */
export function escapeSourceLine(line: string): { text: string; column(offset: number): number } {
  const src = line.replace(/\t/g, " ");
  const text = escapeControls(src);
  if (text === src) return { text, column: (o) => displayWidth(src.slice(0, Math.max(0, o))) + Math.max(0, o - src.length) };
  return {
    text,
    column: (o) => {
      const clamped = Math.max(0, Math.min(o, src.length));
      return displayWidth(escapeControls(src.slice(0, clamped))) + Math.max(0, o - src.length);
    },
  };
}
