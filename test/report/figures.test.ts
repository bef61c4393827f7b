import { describe, expect, it } from "vitest";
import { figureEntries } from "../../src/report/figureFiles.js";
import { logTickValues, renderSeriesSvg, seriesSpec, wrapTitle } from "../../src/report/figures.js";
import { FIXTURE, LINEAR_SERIES, LOG_SERIES } from "./fixtures.js";

/** SVG text content is XML-escaped. */
function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

describe("figures", () => {
  it("renders a log–log series to a standalone SVG with data marks, axis titles, legends and dashed references", async () => {
    const { svg, warnings } = await renderSeriesSvg(LOG_SERIES);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toMatch(/<path[^>]*d="M/);
    expect(svg).toContain("mark-symbol");
    expect(svg).toContain("mark-line");
    expect(svg).toContain(xml(LOG_SERIES.xLabel));
    expect(svg).toContain(xml(LOG_SERIES.yLabel));
    expect(svg).toContain(xml(LOG_SERIES.title));
    for (const g of ["small σ", "large σ", "σ bucket", "fit: slope -0.5", "bound", "reference (dashed)"]) expect(svg).toContain(xml(g));
    expect(svg).toMatch(/stroke-dasharray="7,4"/);
    expect(warnings).toEqual([]);
  });

  it("uses log scales where the series says so and linear ones elsewhere", () => {
    const log = JSON.stringify(seriesSpec(LOG_SERIES));
    expect(log).toContain('"type":"log"');
    const linear = JSON.stringify(seriesSpec(LINEAR_SERIES));
    expect(linear).not.toContain('"type":"log"');
    expect(linear).not.toContain('"field":"group"');
  });

  it("leaves out points that a log axis cannot show instead of failing", async () => {
    const spec = seriesSpec(LOG_SERIES) as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(LOG_SERIES.points.length - 1);
    const { svg } = await renderSeriesSvg({ ...LOG_SERIES, points: [...LOG_SERIES.points, { x: NaN, y: 1 }, { x: 4, y: -1 }] });
    expect(svg.startsWith("<svg")).toBe(true);
  });

  it("is deterministic: the same series gives the same SVG", async () => {
    const a = await renderSeriesSvg(LINEAR_SERIES);
    const b = await renderSeriesSvg(LINEAR_SERIES);
    expect(a.svg).toBe(b.svg);
    expect(a.svg).toContain(xml(LINEAR_SERIES.xLabel));
  });

  it("names one file per drawable series, with the variant only when the claim has several", () => {
    const entries = figureEntries(FIXTURE);
    expect(entries.map((e) => e.file)).toEqual(["figures/X1-scale-m-init-iid-rate.svg", "figures/X1-scale-m-init-iid-level.svg", null]);
    expect(entries[0].omittedPoints).toBe(1);
    const single = figureEntries({ ...FIXTURE, claims: [{ ...FIXTURE.claims[0], results: [FIXTURE.claims[0].results[0]] }] });
    expect(single.map((e) => e.file)).toEqual(["figures/X1-rate.svg", "figures/X1-level.svg"]);
  });

  it("labels whole decades on long log ranges and 1-2-5 steps on short ones", () => {
    expect(logTickValues(16, 1024)).toEqual([20, 50, 100, 200, 500, 1000]);
    expect(logTickValues(0.02, 80)).toEqual([0.1, 1, 10]);
    expect(logTickValues(1e-25, 0.5)).toEqual([1e-24, 1e-20, 1e-16, 1e-12, 1e-8, 1e-4]);
    expect(logTickValues(3, 4)).toEqual([]);
    expect(logTickValues(0, 4)).toEqual([]);
  });

  it("wraps long titles at spaces", () => {
    expect(wrapTitle("a b c", 3)).toEqual(["a b", "c"]);
    expect(wrapTitle("short")).toEqual(["short"]);
  });
});
