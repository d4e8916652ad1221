// Signature help: inside `fn( … )`, the function's signature with the current argument highlighted.
import { functionInfo } from "../semantics/functions";
import type { LineIndex, Position } from "../text";
import { cursorContext, type ParenFrame } from "./cursor";

export interface SignatureResult {
  label: string;
  documentation: string;
  /** Each parameter's label and its [start, end) offsets in the signature label. */
  parameters: { label: string; offsets: [number, number]; documentation: string }[];
  activeParameter: number;
}

export function signatureHelp(text: string, pos: Position, lines: LineIndex): SignatureResult | undefined {
  const offset = lines.offsetAt(pos);
  const cur = cursorContext(text, offset);
  if (cur.inComment || cur.inString) return undefined;
  const call = [...cur.frames].reverse().find((f): f is ParenFrame => f.type === "paren" && !!f.callee && !!functionInfo(f.callee));
  if (!call) return undefined;
  const fn = functionInfo(call.callee!)!;
  let from = fn.signature.indexOf("(") + 1;
  const parameters = fn.parameters.map((p) => {
    const at = fn.signature.indexOf(p.label, from);
    const start = at >= 0 ? at : from;
    from = at >= 0 ? at + p.label.length : from;
    return { label: p.label, offsets: [start, start + (at >= 0 ? p.label.length : 0)] as [number, number], documentation: p.doc };
  });
  let active = Math.min(call.commas, parameters.length - 1);
  if (fn.maxArgs === Infinity) active = 0;
  // Named options (`scale: 7`) are parameters named like the option.
  if (call.argName) {
    const i = parameters.findIndex((p) => p.label.startsWith(`${call.argName}:`));
    if (i >= 0) active = i;
  }
  return { label: fn.signature, documentation: fn.doc, parameters, activeParameter: Math.max(0, active) };
}
