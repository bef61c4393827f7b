import { describe, expect, it } from "vitest";
import { horizontalLine, plottable, powerLawThrough, proportionalLine, xRange } from "../../properties/engine/series.js";
import { PROFILES } from "../../properties/engine/profiles.js";
import { runRegistered } from "../../properties/engine/registry.js";
import type { Series } from "../../properties/engine/types.js";
import { N2, N5 } from "../../properties/ntkInit.js";
import { P2, P4 } from "../../properties/perturbation.js";

const quick = PROFILES.quick;

function seriesOf(result: ReturnType<typeof runRegistered>, variant: string, id: string): Series {
  const r = result.results.find((x) => x.variant === variant);
  const s = r?.series?.find((x) => x.id === id);
  if (!s) throw new Error(`no series ${id} for ${variant}`);
  return s;
}

describe("series helpers", () => {
  it("a power law through the log–log centroid passes through data lying on it", () => {
    const points = [16, 64, 256].map((x) => ({ x, y: 3 * x ** -0.5 }));
    const line = powerLawThrough(points, -0.5, "fit");
    expect(line?.points[0].x).toBe(16);
    expect(line?.points[1].x).toBe(256);
    expect(line?.points[0].y).toBeCloseTo(0.75, 12);
    expect(line?.points[1].y).toBeCloseTo(3 / 16, 12);
    expect(powerLawThrough([{ x: 0, y: 1 }], -0.5, "none")).toBeNull();
  });

  it("plottable drops non-finite points and non-positive ones on log axes", () => {
    const pts = [{ x: 1, y: 1 }, { x: 0, y: 1 }, { x: 1, y: -1 }, { x: NaN, y: 1 }];
    expect(plottable(pts, true, true)).toEqual([{ x: 1, y: 1 }]);
    expect(plottable(pts, false, false)).toHaveLength(3);
    expect(xRange([{ x: 3 }, { x: -1 }])).toEqual([-1, 3]);
    expect(horizontalLine("δ", 0.1, 1, 2).points).toEqual([{ x: 1, y: 0.1 }, { x: 2, y: 0.1 }]);
    expect(proportionalLine("y = 2x", 2, 1, 3).points).toEqual([{ x: 1, y: 2 }, { x: 3, y: 6 }]);
  });
});

describe("claims keep the data of their figures", () => {
  it("N2: ‖H(W(0)) − H*‖_F per case and width on log–log axes, with the fitted and the claimed slope", () => {
    const result = runRegistered(N2, quick, 0);
    for (const r of result.results) {
      const s = seriesOf(result, r.variant, "concentration");
      expect(s.xScale).toBe("log");
      expect(s.yScale).toBe("log");
      expect(s.points.length).toBe(r.cases * quick.widths.length);
      expect(new Set(s.points.map((p) => p.x))).toEqual(new Set(quick.widths));
      expect(s.reference?.map((l) => l.label)).toEqual([expect.stringMatching(/^fit: slope /), "claimed: slope −1/2"]);
    }
    expect(runRegistered(N2, quick, 0).results.map((r) => r.series)).toEqual(result.results.map((r) => r.series));
  });

  it("N5: failure rate per width against δ", () => {
    const s = seriesOf(runRegistered(N5, quick, 0), "softmax", "failure-rate");
    expect(s.points.filter((p) => p.group === "all cases").map((p) => p.x)).toEqual([...quick.widths]);
    expect(s.reference?.[0].points.every((p) => p.y === 0.1)).toBe(true);
  });

  it("P2: ‖ΔH‖_F vs R, and the same scaled by n·d·e^{10B} below the bound y = R", () => {
    const result = runRegistered(P2, quick, 0);
    for (const r of result.results) {
      const raw = seriesOf(result, r.variant, "delta-h");
      const scaled = seriesOf(result, r.variant, "bound");
      expect(raw.points.length).toBeGreaterThan(0);
      expect(scaled.points.length).toBe(2 * raw.points.length);
      expect(scaled.reference?.[0].label).toBe("bound: y = R");
      if (r.verdict === "holds") for (const p of scaled.points.filter((q) => q.group === "B (paper)")) expect(p.y).toBeLessThanOrEqual(p.x * (1 + 1e-9));
    }
  });

  it("P4: sensitivity per activation and the paired ratios against 1", () => {
    const result = runRegistered(P4, quick, 0);
    const variant = result.results[0].variant;
    const sens = seriesOf(result, variant, "sensitivity");
    expect(new Set(sens.points.map((p) => p.group))).toEqual(new Set(["softmax", "exp", "relu"]));
    const ratio = seriesOf(result, variant, "ratio");
    expect(ratio.points.length).toBe((2 * sens.points.length) / 3);
    expect(ratio.reference?.[0].points[0].y).toBe(1);
  });
});
