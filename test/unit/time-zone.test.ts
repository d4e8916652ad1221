// zoneFor: canonical names come from Intl.supportedValuesOf (cheap), aliases from a formatter
// (the first Intl.DateTimeFormat of a process is slow); both must give what the formatter gives.
import { describe, expect, it } from "vitest";
import { UTC, zoneFor } from "../../server/src/core/time/zone";

const viaFormatter = (name: string) => new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;

describe("zoneFor", () => {
  it("gives every listed zone its canonical name, in any case, as the formatter does", () => {
    const listed = Intl.supportedValuesOf("timeZone");
    expect(listed.length).toBeGreaterThan(300);
    for (const name of listed) {
      const expected = viaFormatter(name);
      const z = zoneFor(name.toLowerCase());
      expect(z, name).toBeDefined();
      if (expected === "UTC" || expected === "Etc/UTC" || expected === "Etc/GMT") expect(z).toBe(UTC);
      else expect(z!.name, name).toBe(expected);
    }
  });

  it("resolves aliases that are not listed through the formatter", () => {
    for (const alias of ["US/Eastern", "Asia/Kolkata", "europe/KIEV", "GB"]) {
      expect(Intl.supportedValuesOf("timeZone")).not.toContain(alias);
      expect(zoneFor(alias)?.name, alias).toBe(viaFormatter(alias));
    }
    expect(zoneFor("utc")).toBe(UTC);
    expect(zoneFor("Etc/GMT-2")?.offsetAt(0)).toBe(2 * 3600_000);
  });

  it("rejects unknown names", () => {
    for (const bad of ["Mars/Olympus", "", " ", "Europe/Berlin; DROP", "../etc"]) expect(zoneFor(bad), bad).toBeUndefined();
  });

  it("computes offsets with its formatter made on first use", () => {
    const berlin = zoneFor("Europe/Berlin")!;
    expect(berlin.offsetAt(Date.UTC(2026, 0, 15))).toBe(3600_000);
    expect(berlin.offsetAt(Date.UTC(2026, 6, 15))).toBe(7200_000);
    // 2026-03-29 02:00 local does not exist: the offset before the jump (+01:00) reads it.
    expect(berlin.fromLocal(Date.UTC(2026, 2, 29, 2, 30))).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });
});
