// Test harness for the scorecard preview: builds the webview bundle with esbuild into a temp folder, serves
// the real HTML shell (renderPreviewShell, strict CSP) and the bundle from a localhost HTTP server, and
// opens it in headless Debian Chromium through playwright-core. Only VS Code's message bridge
// (`acquireVsCodeApi`) is stubbed: an in-page object that records posted messages and keeps the state.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { renderPreviewShell } from "../../client/src/preview/html";
import type { Theme } from "./themes";

export const ROOT = resolve(__dirname, "../..");
export const CHROMIUM = process.env.CX_CHROMIUM ?? "/usr/bin/chromium";
export const NONCE = "dGVzdC1ub25jZS0xMjM0NTY3OA==";

/** Skip only on a developer machine without Chromium; in CI the tests must run (and fail loudly). */
export const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;
export const skipReason = `${CHROMIUM} is not installed (apt-get install -y chromium); these tests always run in CI`;

/** Bundles client/src/preview/webview.ts as esbuild.mjs does (iife, browser), CSS emitted next to it. */
export async function buildWebview(): Promise<{ dir: string; jsBytes: number; cssBytes: number; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "cx-preview-"));
  await esbuild.build({
    entryPoints: [join(ROOT, "client/src/preview/webview.ts")],
    outfile: join(dir, "webview.js"),
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
  });
  const jsBytes = readFileSync(join(dir, "webview.js")).length;
  const cssBytes = existsSync(join(dir, "webview.css")) ? readFileSync(join(dir, "webview.css")).length : 0;
  return { dir, jsBytes, cssBytes, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface PreviewServer {
  origin: string;
  /** Paths requested that the server does not serve (an injected <img src=x> would show up here). */
  unexpected: string[];
  close(): Promise<void>;
}

/** Serves `/` (the shell with its CSP), `/nocsp` (the same shell without the policy) and the bundle. */
export async function startServer(dir: string): Promise<PreviewServer> {
  const unexpected: string[] = [];
  let origin = "";
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/" || path === "/nocsp") {
      let html = renderPreviewShell({
        cspSource: origin,
        nonce: NONCE,
        scriptUri: `${origin}/webview.js`,
        styleUri: `${origin}/webview.css`,
        title: "CX Scorecard",
      });
      if (path === "/nocsp") html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(html);
      return;
    }
    const files: Record<string, string> = {
      "/webview.js": "text/javascript",
      "/webview.js.map": "application/json",
      "/webview.css": "text/css",
      "/webview.css.map": "application/json",
    };
    if (files[path] && existsSync(join(dir, path.slice(1)))) {
      res.writeHead(200, { "content-type": files[path], "cache-control": "no-store" });
      res.end(readFileSync(join(dir, path.slice(1))));
      return;
    }
    if (path === "/favicon.ico") {
      res.writeHead(204);
      res.end();
      return;
    }
    unexpected.push(path);
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    unexpected,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface OpenOptions {
  theme: Theme;
  /** The state `getState()` returns at start (a panel restored after a reload). */
  state?: unknown;
  /** Serve the shell without its CSP: proves the renderer itself never creates markup from data. */
  noCsp?: boolean;
  width?: number;
  height?: number;
}

export interface OpenedPreview {
  page: Page;
  pageErrors: string[];
  consoleErrors: string[];
  /** Messages the webview posted through the stubbed bridge. */
  posted(): Promise<Record<string, unknown>[]>;
  state(): Promise<unknown>;
  cspViolations(): Promise<{ directive: string; blocked: string; source: string; sample: string }[]>;
  /** Delivers a message as the extension's `webview.postMessage` does. */
  send(message: unknown): Promise<void>;
}

/** The in-page stub of VS Code's webview bridge, plus the theme VS Code would inject. */
function initScript(arg: { state: unknown; vars: Record<string, string>; bodyClass: string; kind: string }): void {
  const w = window as unknown as Record<string, unknown>;
  w.__posted = [];
  w.__state = arg.state;
  w.__csp = [];
  // A hostile label that got executed would call alert() or set this flag.
  w.alert = () => {
    w.__xss = true;
  };
  document.addEventListener("securitypolicyviolation", (e) => {
    (w.__csp as unknown[]).push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample });
  });
  let acquired = false;
  w.acquireVsCodeApi = () => {
    if (acquired) throw new Error("An instance of the VS Code API has already been acquired");
    acquired = true;
    return {
      postMessage: (m: unknown) => (w.__posted as unknown[]).push(JSON.parse(JSON.stringify(m))),
      getState: () => w.__state,
      setState: (s: unknown) => {
        w.__state = JSON.parse(JSON.stringify(s));
        return s;
      },
    };
  };
  // VS Code sets its theme colours as custom properties on <html> and a theme class on <body>.
  const apply = () => {
    for (const [k, v] of Object.entries(arg.vars)) document.documentElement.style.setProperty(k, v);
    document.body.classList.add(arg.bodyClass);
    document.body.setAttribute("data-vscode-theme-kind", arg.kind);
  };
  if (document.body) apply();
  else document.addEventListener("DOMContentLoaded", apply, { once: true });
}

export async function openPreview(browser: Browser, server: PreviewServer, opts: OpenOptions): Promise<OpenedPreview> {
  const page = await browser.newPage({
    viewport: { width: opts.width ?? 1100, height: opts.height ?? 900 },
    colorScheme: opts.theme.kind === "vscode-light" ? "light" : "dark",
    deviceScaleFactor: 1,
  });
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  await page.addInitScript(initScript, { state: opts.state, vars: opts.theme.vars, bodyClass: opts.theme.kind, kind: opts.theme.kind });
  await page.goto(`${server.origin}${opts.noCsp ? "/nocsp" : "/"}`);
  await page.waitForFunction(() => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === "ready"));
  return {
    page,
    pageErrors,
    consoleErrors,
    posted: () => page.evaluate(() => (window as unknown as { __posted: Record<string, unknown>[] }).__posted),
    state: () => page.evaluate(() => (window as unknown as { __state: unknown }).__state),
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: { directive: string; blocked: string; source: string; sample: string }[] }).__csp),
    send: async (message) => {
      await page.evaluate((m) => window.postMessage(m, "*"), message);
      // postMessage is asynchronous: wait until the webview has handled it.
      await page.evaluate(() => new Promise((ok) => setTimeout(ok, 0)));
    },
  };
}

/** Reads a report JSON; `CX_PREVIEW_REPORT` may name more (comma-separated) for the generic checks. */
export function reportFixtures(): { name: string; path: string }[] {
  const dir = join(ROOT, "test/fixtures/preview");
  const list = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f, path: join(dir, f) }));
  for (const p of (process.env.CX_PREVIEW_REPORT ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    list.push({ name: p, path: resolve(p) });
  }
  return list;
}

export function loadReport(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8"));
}
