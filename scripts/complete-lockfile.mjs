#!/usr/bin/env node
// The npm registry these machines reach does not serve the platform-specific optional packages of
// other platforms (e.g. @rollup/rollup-darwin-arm64), so npm leaves them out of package-lock.json,
// and `npm ci` then refuses the lock file as "not in sync". This script adds the missing entries
// with their version and platform fields (os, cpu, libc — from the registry when it has the
// package, else from the package name, e.g. "-darwin-arm64"), so `npm ci` accepts the lock file
// and skips those packages here, as it would on any machine of another platform.
// Run it after any `npm install` that changes package-lock.json:  node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const pkgs = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    // Resolve where npm would place it: next to the parent's node_modules chain, else at the top.
    const nested = `${key}/node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (pkgs[nested] || pkgs[top]) continue;
    const out = { version: range };
    const v = view(`${name}@${range}`);
    if (v) {
      out.version = v.version;
      if (v["dist.tarball"]) out.resolved = v["dist.tarball"];
      if (v["dist.integrity"]) out.integrity = v["dist.integrity"];
    }
    if (entry.dev) out.dev = true;
    out.optional = true;
    const platform = v ?? platformFromName(name);
    for (const field of ["os", "cpu", "libc"]) if (platform[field]) out[field] = platform[field];
    pkgs[top] = JSON.parse(JSON.stringify(out));
    added++;
    console.log(`added ${top}@${out.version}`);
  }
}
// Keep npm's ordering (sorted keys after the root).
const sorted = { "": pkgs[""] };
for (const k of Object.keys(pkgs).filter((k) => k !== "").sort()) sorted[k] = pkgs[k];
lock.packages = sorted;
writeFileSync(path, JSON.stringify(lock, null, 2) + "\n");
console.log(`${added} entr${added === 1 ? "y" : "ies"} added`);

function view(spec) {
  try {
    const info = JSON.parse(execFileSync("npm", ["view", spec, "version", "os", "cpu", "libc", "dist.integrity", "dist.tarball", "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    return Array.isArray(info) ? info[info.length - 1] : info;
  } catch {
    return undefined;
  }
}

function platformFromName(name) {
  const parts = name.split("/").pop().split("-");
  const os = ["darwin", "linux", "win32", "freebsd", "android", "openbsd", "sunos", "aix", "netbsd", "openharmony"].find((o) => parts.includes(o));
  const cpu = ["arm64", "x64", "ia32", "arm", "ppc64", "riscv64", "s390x", "loong64", "mips64el", "loongarch64", "wasm32"].find((c) => parts.includes(c));
  const out = {};
  if (os) out.os = [os];
  if (cpu) out.cpu = [cpu === "loongarch64" ? "loong64" : cpu];
  if (parts.includes("musl") || parts.includes("musleabihf")) out.libc = ["musl"];
  else if (parts.includes("gnu") || parts.includes("gnueabihf") || parts.includes("msvc") === false && os === "linux" && parts.includes("gnu")) out.libc = ["glibc"];
  if (parts.includes("arm") || parts.includes("gnueabihf") || parts.includes("musleabihf")) out.cpu = ["arm"];
  return out;
}
