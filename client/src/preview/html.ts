// The webview's HTML shell: a strict Content-Security-Policy, one stylesheet and one script, both from the
// extension's own files. Pure (no `vscode` import) so tests can serve exactly what the panel serves.

export interface PreviewShellOptions {
  /** `webview.cspSource` */
  cspSource: string;
  /** A fresh random nonce per render (letters, digits, `+/=_-`). */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)` */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)` */
  styleUri?: string;
  title: string;
}

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join("; ");
}

/**
 * `webview.cspSource` goes into the policy itself. It is one or more space-separated sources (desktop:
 * `https://*.vscode-cdn.net`; code-server: `'self' https://*.vscode-cdn.net`); anything that could end a
 * directive, add a keyword such as 'unsafe-inline', or leave the attribute is refused.
 */
function checkSources(cspSource: string): string {
  const tokens = typeof cspSource === "string" ? cspSource.trim().split(/\s+/).filter(Boolean) : [];
  const ok = (t: string) => t === "'self'" || /^[^;,'"<>\\\s]+$/.test(t);
  if (!tokens.length || !tokens.every(ok)) throw new Error(`renderPreviewShell: unexpected cspSource ${JSON.stringify(cspSource)}`);
  return tokens.join(" ");
}

export function renderPreviewShell(opts: PreviewShellOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, title } = opts;
  if (!/^[A-Za-z0-9+/=_-]{8,}$/.test(nonce)) throw new Error("renderPreviewShell: the nonce must be at least 8 base64 characters");
  const csp = contentSecurityPolicy(checkSources(cspSource), nonce);
  const style = styleUri ? `\n    <link rel="stylesheet" href="${escapeHtml(styleUri)}" nonce="${escapeHtml(nonce)}">` : "";
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>${escapeHtml(title)}</title>${style}
  </head>
  <body>
    <div id="root" class="cx-app" data-state="empty">
      <p class="cx-empty">Waiting for the evaluation…</p>
    </div>
    <script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
  </body>
</html>
`;
}
