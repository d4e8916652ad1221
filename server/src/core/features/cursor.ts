// Where the cursor is, syntactically, in text that is usually half-typed: a token-level analysis of
// everything before the cursor (declaration, property key or value, open calls and lists). Used by
// completion and signature help, which cannot rely on the AST of broken input.
import { DECL_KINDS, type DeclKind } from "../syntax/ast";
import { tokenize, type CxToken } from "../syntax/index";
import type { Span } from "../text";
import { wordAt } from "./query";

export interface BodyFrame {
  type: "decl" | "block";
  declKind?: DeclKind;
  declName?: string;
  /** For a nested block (`columns { … }`): the key that opened it. */
  blockKey?: string;
  /** The property whose value the cursor may be in (undefined right after `{`, `;` or `,`). */
  key?: string;
  /** Tokens of that property's value so far (closing brackets of nested calls included). */
  valueTokens: CxToken[];
  /** Keys given before the cursor in this body. */
  keys: string[];
}

export interface ParenFrame {
  type: "paren" | "bracket";
  /** The identifier before `(`: the function called. */
  callee?: string;
  commas: number;
  /** Tokens of the current argument. */
  argTokens: CxToken[];
  /** `where` seen in the current argument. */
  whereSeen: boolean;
  /** First identifier of the first argument (the aggregate's source). */
  firstHead?: string;
  /** Named argument being written (`scale:`). */
  argName?: string;
  open: CxToken;
}

export type Frame = BodyFrame | ParenFrame;

export interface CursorContext {
  /** Open frames, outermost first. Empty at the top level. */
  frames: Frame[];
  /** The identifier characters around the cursor (replaced by a completion). */
  word: Span;
  /** Significant tokens before the word, in order. */
  before: CxToken[];
  inComment: boolean;
  /** The string token the cursor is in, if any. */
  inString?: CxToken;
  /** The top-level item being written: a declaration kind (and name), or `import`. */
  topLevel?: { kind: DeclKind | "import"; name?: string };
}

function isUnterminatedString(t: CxToken): boolean {
  if (t.text.length < 2 || !t.text.endsWith('"')) return true;
  let backslashes = 0;
  for (let i = t.text.length - 2; i > 0 && t.text[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 1;
}

export function cursorContext(text: string, offset: number, tokens: readonly CxToken[] = tokenize(text)): CursorContext {
  const word = wordAt(text, offset);
  let inComment = false;
  let inString: CxToken | undefined;
  for (const t of tokens) {
    if (t.span.start >= offset) break;
    if (t.kind === "comment") {
      const open = t.type === "LineComment" || !t.text.endsWith("*/");
      if (offset < t.span.end || (open && offset === t.span.end)) inComment = true;
    } else if (t.kind === "string") {
      if (offset < t.span.end || (offset === t.span.end && isUnterminatedString(t))) inString = t;
    }
  }
  const before = tokens.filter((t) => t.kind !== "comment" && t.span.end <= word.start && t !== inString);
  const frames: Frame[] = [];
  let pending: CursorContext["topLevel"];
  const top = () => frames[frames.length - 1];
  const addToCurrent = (t: CxToken) => {
    const f = top();
    if (!f) return;
    if (isBody(f)) f.valueTokens.push(t);
    else f.argTokens.push(t);
  };
  for (let i = 0; i < before.length; i++) {
    const t = before[i];
    const next = before[i + 1];
    const f = top();
    if (!f) {
      if (t.type === "Import") pending = { kind: "import" };
      else if (t.type === "Identifier" && (DECL_KINDS as readonly string[]).includes(t.text) && (!pending || pending.kind === "import" || pending.name !== undefined)) {
        pending = { kind: t.text as DeclKind };
      } else if (t.type === "Identifier" && pending && pending.kind !== "import" && pending.name === undefined) pending.name = t.text;
      else if (t.type === "LBrace") {
        frames.push({ type: "decl", declKind: pending?.kind === "import" ? undefined : pending?.kind, declName: pending?.name, valueTokens: [], keys: [] });
        pending = undefined;
      } else pending = undefined;
      continue;
    }
    if (isBody(f)) {
      if (t.type === "RBrace") {
        frames.pop();
        addToCurrent(t);
        continue;
      }
      // `name: type from "HEADER" map { … }` in `columns { }`: `map {` continues the column's value.
      if (t.type === "Identifier" && t.text === "map" && next?.type === "LBrace" && f.type === "block" && f.blockKey === "columns" && f.key !== undefined && f.valueTokens.length > 0) {
        f.valueTokens.push(t);
        frames.push({ type: "block", declKind: f.declKind, declName: f.declName, blockKey: "map", valueTokens: [], keys: [] });
        i++;
        continue;
      }
      // (`where` is a reserved word, but a key of drivers: `where: region == "EU"`.)
      if ((t.type === "Identifier" || t.type === "Where") && next && (next.type === "Colon" || next.type === "LBrace") && startsProperty(f)) {
        f.key = t.text;
        f.keys.push(t.text);
        f.valueTokens = [];
        i++;
        if (next.type === "LBrace") frames.push({ type: "block", declKind: f.declKind, declName: f.declName, blockKey: t.text, valueTokens: [], keys: [] });
        continue;
      }
      if (t.type === "LBrace") {
        frames.push({ type: "block", declKind: f.declKind, declName: f.declName, blockKey: f.key, valueTokens: [], keys: [] });
        continue;
      }
      if (t.type === "Semicolon" || t.type === "Comma") {
        f.key = undefined;
        f.valueTokens = [];
        continue;
      }
      f.valueTokens.push(t);
      if (t.type === "LParen" || t.type === "LBracket") frames.push(openParen(t, before[i - 1]));
      continue;
    }
    // Inside ( … ) or [ … ]
    if (t.type === "RParen" || t.type === "RBracket") {
      frames.pop();
      addToCurrent(t);
      continue;
    }
    if (t.type === "RBrace") {
      // Unbalanced: close everything up to and including the enclosing body.
      while (frames.length && (top()!.type === "paren" || top()!.type === "bracket")) frames.pop();
      frames.pop();
      continue;
    }
    if (t.type === "Comma") {
      f.commas++;
      f.argTokens = [];
      f.whereSeen = false;
      f.argName = undefined;
      continue;
    }
    if (t.type === "Identifier" && next?.type === "Colon" && f.argTokens.length === 0) {
      f.argName = t.text;
      i++;
      continue;
    }
    if (t.type === "Where") f.whereSeen = true;
    if (f.commas === 0 && f.argTokens.length === 0 && t.type === "Identifier") f.firstHead = t.text;
    f.argTokens.push(t);
    if (t.type === "LParen" || t.type === "LBracket") frames.push(openParen(t, before[i - 1]));
  }
  return { frames, word, before, inComment, inString, topLevel: frames.length === 0 ? pending : undefined };
}

export function isBody(f: Frame): f is BodyFrame {
  return f.type === "decl" || f.type === "block";
}

/** A key can start only where no value is pending (an operator or `where` waits for more). */
function startsProperty(f: BodyFrame): boolean {
  const last = f.valueTokens[f.valueTokens.length - 1];
  return !last || !isContinuation(last);
}

export function isContinuation(t: CxToken): boolean {
  return t.kind === "operator" || ["Where", "And", "Or", "Not", "In", "Is", "Dot", "Colon", "Comma", "LParen", "LBracket"].includes(t.type);
}

function openParen(t: CxToken, prev: CxToken | undefined): ParenFrame {
  return {
    type: t.type === "LParen" ? "paren" : "bracket",
    callee: t.type === "LParen" && prev?.type === "Identifier" && prev.span.end <= t.span.start ? prev.text : undefined,
    commas: 0,
    argTokens: [],
    whereSeen: false,
    open: t,
  };
}

/** The innermost body frame (declaration or nested block). */
export function bodyFrame(ctx: CursorContext): BodyFrame | undefined {
  for (let i = ctx.frames.length - 1; i >= 0; i--) {
    const f = ctx.frames[i];
    if (isBody(f)) return f;
  }
  return undefined;
}

/** The declaration frame (outermost body). */
export function declFrame(ctx: CursorContext): BodyFrame | undefined {
  const f = ctx.frames[0];
  return f && f.type === "decl" ? f : undefined;
}

export function innermostParen(ctx: CursorContext): ParenFrame | undefined {
  const f = ctx.frames[ctx.frames.length - 1];
  return f && !isBody(f) ? f : undefined;
}
