// Whether a value meets a goal's threshold (with a relative tolerance for `>=`, `<=` and `==`).
// A module of its own so that what only needs this (stats.ts, the CLI's `--confidence`) does not
// load the evaluator.

export function satisfies(v: number, t: { op: string; value: number }): boolean {
  const eps = 1e-12 * Math.max(1, Math.abs(t.value));
  switch (t.op) {
    case ">=":
      return v >= t.value - eps;
    case ">":
      return v > t.value;
    case "<=":
      return v <= t.value + eps;
    case "<":
      return v < t.value;
    case "==":
      return Math.abs(v - t.value) <= eps;
    default:
      return false;
  }
}
