// Settings under the `cx` section, read through workspace/configuration (per resource), with
// defaults whenever the client answers null or cannot be asked.
import type { Connection } from "vscode-languageserver/node";

export type Trigger = "onSave" | "onType" | "manual";

export interface Settings {
  /** When metrics are evaluated automatically. */
  trigger: Trigger;
  /** As-of date YYYY-MM-DD, or "" (cx.yaml's asOf, else today). */
  asOf: string;
  inlayHints: boolean;
  codeLens: boolean;
  trace: "off" | "messages" | "verbose";
  /** Confidence level for intervals in `cx/evaluate` (the preview), e.g. 0.95; 0 = none. */
  confidence: number;
}

export const DEFAULTS: Settings = { trigger: "onSave", asOf: "", inlayHints: true, codeLens: true, trace: "off", confidence: 0 };

/** Settings from a `cx` section as a client sends it: nested objects or dotted keys. */
export function normalize(raw: unknown): Settings {
  if (!raw || typeof raw !== "object") return { ...DEFAULTS };
  const r = raw as Record<string, unknown>;
  const get = (path: string): unknown => {
    if (path in r) return r[path];
    let cur: unknown = r;
    for (const part of path.split(".")) {
      if (!cur || typeof cur !== "object") return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  };
  const trigger = get("evaluation.trigger");
  const asOf = get("asOf");
  const inlay = get("inlayHints.enabled");
  const lens = get("codeLens.enabled");
  const trace = get("trace.server");
  const confidence = get("confidence");
  return {
    trigger: trigger === "onType" || trigger === "manual" || trigger === "onSave" ? trigger : DEFAULTS.trigger,
    asOf: typeof asOf === "string" && /^\d{4}-\d{2}-\d{2}$/.test(asOf.trim()) ? asOf.trim() : "",
    inlayHints: typeof inlay === "boolean" ? inlay : DEFAULTS.inlayHints,
    codeLens: typeof lens === "boolean" ? lens : DEFAULTS.codeLens,
    trace: trace === "messages" || trace === "verbose" ? trace : "off",
    confidence: typeof confidence === "number" && confidence > 0 && confidence < 1 ? confidence : 0,
  };
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Settings pushed with workspace/didChangeConfiguration (clients without workspace/configuration). */
  private pushed: Settings = { ...DEFAULTS };

  constructor(
    private readonly connection: Connection,
    private readonly canAsk: () => boolean,
  ) {}

  /** Settings for a resource (a document or folder URI). */
  get(scopeUri: string | undefined): Promise<Settings> {
    if (!this.canAsk()) return Promise.resolve(this.pushed);
    const key = scopeUri ?? "";
    let p = this.cache.get(key);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri, section: "cx" })
        .then((raw) => normalize(raw), () => ({ ...DEFAULTS }));
      this.cache.set(key, p);
    }
    return p;
  }

  changed(pushedSection: unknown): void {
    this.cache.clear();
    this.pushed = normalize(pushedSection);
  }
}
