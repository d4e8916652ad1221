// The webview's HTML shell: strict CSP, nonce on the only script and stylesheet, everything escaped.
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, escapeHtml, renderPreviewShell } from "../../client/src/preview/html";

const opts = {
  cspSource: "https://file+.vscode-resource.vscode-cdn.net",
  nonce: "abcDEF0123456789+/=",
  scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js",
  styleUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css",
  title: "CX Scorecard — retail",
};

describe("renderPreviewShell", () => {
  const html = renderPreviewShell(opts);

  it("sets a strict Content-Security-Policy", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    expect(csp).toBe(
      "default-src &#39;none&#39;; img-src https://file+.vscode-resource.vscode-cdn.net data:; " +
        "style-src https://file+.vscode-resource.vscode-cdn.net &#39;nonce-abcDEF0123456789+/=&#39;; " +
        "script-src &#39;nonce-abcDEF0123456789+/=&#39;; font-src https://file+.vscode-resource.vscode-cdn.net",
    );
    expect(contentSecurityPolicy("x", "n")).not.toMatch(/unsafe|\*|http:/);
  });

  it("loads one script and one stylesheet, with the nonce, and nothing remote or inline", () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script nonce="${opts.nonce}" src="${opts.scriptUri}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${opts.styleUri}" nonce="${opts.nonce}">`);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/style="/);
    expect(renderPreviewShell({ ...opts, styleUri: undefined })).not.toContain("<link");
  });

  it("escapes the title and URIs", () => {
    const evil = renderPreviewShell({ ...opts, title: "<img src=x onerror=alert(1)>", scriptUri: 'x"><script>alert(1)</script>' });
    expect(evil).toContain("<title>&lt;img src=x onerror=alert(1)&gt;</title>");
    expect(evil).not.toContain("<img");
    expect(evil.match(/<script/g)).toHaveLength(1);
  });

  it("refuses a nonce or a source that could break out of the policy", () => {
    expect(() => renderPreviewShell({ ...opts, nonce: "short" })).toThrow();
    expect(() => renderPreviewShell({ ...opts, nonce: "abcdefgh'; script-src *" })).toThrow();
    expect(() => renderPreviewShell({ ...opts, cspSource: "https://a; script-src *" })).toThrow();
    expect(() => renderPreviewShell({ ...opts, cspSource: "" })).toThrow();
    expect(() => renderPreviewShell({ ...opts, cspSource: "'unsafe-inline' https://a" })).toThrow();
    expect(() => renderPreviewShell({ ...opts, cspSource: 'https://a" http-equiv="x' })).toThrow();
  });

  it("accepts code-server's multi-part source", () => {
    const csp = renderPreviewShell({ ...opts, cspSource: "'self'  https://*.vscode-cdn.net" });
    expect(csp).toContain("img-src &#39;self&#39; https://*.vscode-cdn.net data:;");
  });

  it("escapes all five HTML specials", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
