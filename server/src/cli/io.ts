// Reading and writing the files named on the command line (cli.md "Robustness of every
// command"): a failure is one line on standard error naming the path and the reason, exit status 2
// — never a stack trace.
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { escapeControls } from "../core/escape";

/** A file named on the command line could not be read or written: exit status 2. */
export class FileError extends Error {}

/** A short reason for a file-system error code (`no such directory`, `is a directory`, …). */
export function reason(err: unknown, op: "read" | "write"): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return op === "write" ? "no such directory" : "no such file or directory";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
      return "no space left on device";
    case "EDQUOT":
      return "disk quota exceeded";
    case "EIO":
      return "input/output error";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENAMETOOLONG":
      return "file name too long";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    case "EBUSY":
      return "resource busy";
    default: {
      const message = err instanceof Error ? err.message : String(err);
      return (code ? `${code}: ` : "") + message.split("\n")[0];
    }
  }
}

/** `cx: cannot write PATH: reason` (the path as the user wrote it, control characters escaped). */
export function fileError(op: "read" | "write", shownPath: string, err: unknown): FileError {
  return new FileError(`cannot ${op} ${escapeControls(shownPath)}: ${reason(err, op)}`);
}

/** Reads a whole file as bytes; FileError on failure. */
export function readBytes(file: string, shownPath = file): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw fileError("read", shownPath, err);
  }
}

/** Makes sure a file can be read (reads its first bytes); FileError on failure. */
export function assertReadable(file: string, shownPath = file): void {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    readSync(fd, Buffer.alloc(1), 0, 1, 0);
  } catch (err) {
    throw fileError("read", shownPath, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Checks before a long run that `--output FILE` can be written: its directory exists and it is not
 * itself a directory. (The write itself may still fail; writeOutput reports that.)
 */
export function checkOutputPath(file: string, cwd: string): void {
  const abs = path.resolve(cwd, file);
  let st;
  try {
    st = statSync(abs);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) throw new FileError(`cannot write ${escapeControls(file)}: is a directory`);
  if (st) return;
  let dir;
  try {
    dir = statSync(path.dirname(abs));
  } catch (err) {
    throw fileError("write", file, err);
  }
  if (!dir.isDirectory()) throw new FileError(`cannot write ${escapeControls(file)}: a part of the path is not a directory`);
}

/** Writes `text` to `file` (relative to cwd); FileError naming `file` on failure. */
export function writeOutput(file: string, cwd: string, text: string): void {
  try {
    writeFileSync(path.resolve(cwd, file), text);
  } catch (err) {
    throw fileError("write", file, err);
  }
}

/**
 * A path for messages: relative to `cwd` when it is inside it, else absolute as it is
 * (never `../../abs/path`), with `/` separators.
 */
export function displayPath(cwd: string, p: string): string {
  const rel = path.relative(cwd, p);
  if (rel === "") return ".";
  if (rel === ".." || rel.startsWith(".." + path.sep) || path.isAbsolute(rel)) return p.split(path.sep).join("/");
  return rel.split(path.sep).join("/");
}
