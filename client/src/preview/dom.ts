// Tiny DOM builders. Text always goes in as text nodes; attributes through setAttribute; inline styles
// only through the CSSOM (`style.setProperty`, which a strict CSP allows). There is deliberately no way to
// pass markup: report data never reaches an HTML parser.

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined>;

const SVG_NS = "http://www.w3.org/2000/svg";

function setAttrs(el: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    // Event-handler attributes and inline style attributes are never set from here.
    if (/^on/i.test(name) || name.toLowerCase() === "style") throw new Error(`dom: refusing attribute ${name}`);
    el.setAttribute(name, value === true ? "" : String(value));
  }
}

function append(doc: Document, parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(doc, parent, child);
    else if (typeof child === "string" || typeof child === "number") parent.appendChild(doc.createTextNode(String(child)));
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
      return doc.createTextNode(value);
    },
  };
}

/** Sets CSS custom properties through the CSSOM (allowed by `style-src` without 'unsafe-inline'). */
export function setVars(el: Element, vars: Record<string, string | number>): void {
  const style = (el as HTMLElement).style;
  for (const [k, v] of Object.entries(vars)) style.setProperty(k, String(v));
}
