// Tiny DOM builders. Text always goes in as text nodes; attributes through setAttribute; inline styles
// only through the CSSOM (`style.setProperty`, which a strict CSP allows). There is deliberately no way to
// pass markup: report data never reaches an HTML parser.
//
// Invisible control characters that could disguise text — C0/C1 controls other than tab, newline and carriage return, and
// the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) — are shown as
// visible escapes (`\u202E`) in every text node and in the human-readable attributes (title, aria-label).

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined>;

const SVG_NS = "http://www.w3.org/2000/svg";

const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Shows invisible control and bidi-override characters as `\u202E`-style escapes. */
export function visibleControls(text: string): string {
  return text.replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

const READABLE_ATTRS = new Set(["title", "aria-label"]);

function setAttrs(el: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    // Event-handler attributes and inline style attributes are never set from here.
    if (/^on/i.test(name) || name.toLowerCase() === "style") throw new Error(`dom: refusing attribute ${name}`);
    const text = value === true ? "" : String(value);
    el.setAttribute(name, READABLE_ATTRS.has(name) ? visibleControls(text) : text);
  }
}

function append(doc: Document, parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(doc, parent, child);
    else if (typeof child === "string" || typeof child === "number") parent.appendChild(doc.createTextNode(visibleControls(String(child))));
    else parent.appendChild(child);
  }
}

export interface Builder {
  doc: Document;
  /** An HTML element (including custom elements such as `vscode-badge`). */
  h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
  /** An SVG element. */
  s(tag: string, attrs?: Attrs, ...children: Child[]): SVGElement;
  text(value: string): Text;
}

export function builder(doc: Document): Builder {
  return {
    doc,
    h(tag, attrs, ...children) {
      const el = doc.createElement(tag);
      setAttrs(el, attrs);
      append(doc, el, children);
      return el;
    },
    s(tag, attrs, ...children) {
      const el = doc.createElementNS(SVG_NS, tag);
      setAttrs(el, attrs);
      append(doc, el, children);
      return el;
    },
    text(value) {
      return doc.createTextNode(visibleControls(value));
    },
  };
}

/** Sets CSS custom properties through the CSSOM (allowed by `style-src` without 'unsafe-inline'). */
export function setVars(el: Element, vars: Record<string, string | number>): void {
  const style = (el as HTMLElement).style;
  for (const [k, v] of Object.entries(vars)) style.setProperty(k, String(v));
}
