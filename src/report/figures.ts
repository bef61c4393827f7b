/**
 * Renders a claim's {@link Series} to a standalone SVG with vega-lite (the chart specification) and vega
 * (the headless renderer, `view.toSVG()`: no canvas, fonts or other native dependencies). Any claim's series
 * becomes a figure the same way: points (scatter and/or lines per group × trace), a legend for the groups,
 * dashed reference curves with their own legend, log or linear axes as the series says.
 *
 * @module
 */
import * as vega from "vega";
import { type TopLevelSpec, compile } from "vega-lite";
import type { Series } from "../../properties/engine/types.js";
import { drawableData } from "./drawable.js";

/** Width and height of the plotting area in pixels (legends and titles come on top). */
export const FIGURE_SIZE = { width: 520, height: 320 } as const;

/** Longest title line before wrapping (characters). */
const TITLE_WRAP = 72;

/** Dash patterns of reference curves, in order (none solid: references are always dashed). */
const REFERENCE_DASHES: readonly (readonly number[])[] = [
  [7, 4],
  [2, 3],
  [10, 3, 2, 3],
  [4, 4, 1, 4],
];

/**
 * Tick labels in the report's number style: plain for 10⁻³ ≤ |v| < 10⁵ (up to 4 significant digits), an
 * exponent otherwise (`1e-10`, `3e+6`), so a log axis over many decades stays consistent.
 */
const TICK_LABEL = "datum.value == 0 || (abs(datum.value) >= 1e-3 && abs(datum.value) < 1e5) ? format(datum.value, '~r') : format(datum.value, '~e')";

/** Colour of reference curves (the data carry the colour scale). */
const REFERENCE_COLOUR = "#333333";

/** Splits a title into lines of at most `width` characters at spaces. */
export function wrapTitle(text: string, width = TITLE_WRAP): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** Most decades labelled on a log axis (longer ranges label every second, third, … decade). */
const MAX_DECADE_TICKS = 8;

/**
 * Tick values of a log axis over the data range [lo, hi]: the powers of ten inside it when there are at least
 * three (the exponents divisible by k if more than {@link MAX_DECADE_TICKS}), otherwise the 1-2-5 sequence inside it; empty (let
 * vega choose) when that gives fewer than two ticks or the range is not positive.
 */
export function logTickValues(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo) || !Number.isFinite(hi)) return [];
  const eps = 1e-9;
  const k0 = Math.ceil(Math.log10(lo) - eps);
  const k1 = Math.floor(Math.log10(hi) + eps);
  const inside = (v: number): boolean => v >= lo * (1 - eps) && v <= hi * (1 + eps);
  if (k1 - k0 + 1 >= 3) {
    const step = Math.ceil((k1 - k0 + 1) / MAX_DECADE_TICKS);
    const out: number[] = [];
    // Multiples of the step, so that 1 = 10⁰ is labelled whenever it is in range.
    for (let k = Math.ceil(k0 / step) * step; k <= k1; k += step) out.push(Number(`1e${k}`));
    return out;
  }
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(lo)) - 1; k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number(`${m}e${k}`);
      if (inside(v)) out.push(v);
    }
  }
  return out.length >= 2 ? out : [];
}

/** Legend order of the groups: the series' `groups` first, then any other group in order of first appearance. */
function groupOrder(series: Series, points: readonly { group: string }[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const g of [...(series.groups ?? []), ...points.map((p) => p.group)]) {
    if (!seen.has(g) && points.some((p) => p.group === g)) {
      seen.add(g);
      out.push(g);
    }
  }
  return out;
}

/**
 * The vega-lite specification of a series' figure.
 *
 * @param series - the data; points that cannot be drawn (non-finite, or ≤ 0 on a log axis) are left out.
 */
export function seriesSpec(series: Series): TopLevelSpec {
  const { points, references } = drawableData(series);
  const grouped = points.some((p) => p.group !== "");
  const mark = series.mark ?? "point";
  // Log axes are not "niced" to whole decades (that can add an empty decade on each side); a few pixels of
  // padding keep points off the frame instead.
  const scaleOf = (kind: Series["xScale"]) => (kind === "log" ? { type: "log" as const, nice: false, padding: 10 } : { zero: false, nice: true });
  // Log axes get explicit ticks (whole decades, or 1-2-5 steps on short ranges) instead of vega's every-digit ticks.
  const axisOf = (kind: Series["xScale"], values: readonly number[]) => {
    const ticks = kind === "log" ? logTickValues(Math.min(...values), Math.max(...values)) : [];
    return { labelExpr: TICK_LABEL, ...(ticks.length > 0 ? { values: ticks } : {}) };
  };
  const allX = [...points.map((p) => p.x), ...references.map((r) => r.x)];
  const allY = [...points.map((p) => p.y), ...references.map((r) => r.y)];
  const x = { field: "x", type: "quantitative" as const, title: series.xLabel, scale: scaleOf(series.xScale), axis: axisOf(series.xScale, allX) };
  const y = { field: "y", type: "quantitative" as const, title: series.yLabel, scale: scaleOf(series.yScale), axis: axisOf(series.yScale, allY) };
  const groupTitle = series.groupLabel ?? "group";
  const groups = groupOrder(series, points);
  const colour = grouped ? { color: { field: "group", type: "nominal" as const, title: groupTitle, sort: groups, scale: { domain: groups } } } : {};
  const shape = grouped ? { shape: { field: "group", type: "nominal" as const, title: groupTitle, sort: groups, scale: { domain: groups } } } : {};
  const layers: object[] = [];
  if (mark === "line" || mark === "line+point") {
    layers.push({
      mark: { type: "line", strokeWidth: 1.3, opacity: 0.55, ...(grouped ? {} : { color: "#4c78a8" }) },
      encoding: { x, y, ...colour, detail: { field: "trace", type: "nominal" } },
    });
  }
  if (mark === "point" || mark === "line+point") {
    layers.push({
      mark: { type: "point", filled: true, size: mark === "point" ? 34 : 24, opacity: 0.8, ...(grouped ? {} : { color: "#4c78a8" }) },
      encoding: { x, y, ...colour, ...shape },
    });
  }
  if (references.length > 0) {
    const labels = [...new Set(references.map((r) => r.label))];
    layers.push({
      data: { values: references },
      mark: { type: "line", strokeWidth: 1.6, color: REFERENCE_COLOUR },
      encoding: {
        x,
        y,
        strokeDash: {
          field: "label",
          type: "nominal",
          title: "reference (dashed)",
          sort: labels,
          scale: { domain: labels, range: labels.map((_, k) => REFERENCE_DASHES[k % REFERENCE_DASHES.length]) },
          legend: { symbolStrokeColor: REFERENCE_COLOUR, symbolType: "stroke", symbolSize: 400 },
        },
      },
    });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapTitle(series.title), anchor: "start", fontSize: 13, offset: 10 },
    width: FIGURE_SIZE.width,
    height: FIGURE_SIZE.height,
    background: "white",
    padding: 12,
    data: { values: points },
    layer: layers,
    config: {
      font: "sans-serif",
      axis: { labelFontSize: 11, titleFontSize: 12, titlePadding: 8, grid: true, gridColor: "#e6e6e6", labelOverlap: "greedy" },
      legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 480, orient: "bottom", direction: "vertical", symbolOpacity: 1 },
      view: { stroke: "#bbbbbb" },
    },
  } as TopLevelSpec;
}

/** A vega logger that collects warnings and errors instead of printing them. */
function collectingLogger(warnings: string[], errors: string[]): vega.LoggerInterface {
  return vega.logger(vega.Warn, undefined, (method, _level, args) => {
    (method === "error" ? errors : warnings).push(args.map(String).join(" "));
  });
}

/** An SVG and the warnings raised while rendering it. */
export interface RenderedFigure {
  readonly svg: string;
  readonly warnings: readonly string[];
}

/**
 * Renders a series to SVG (deterministic: the same series gives the same bytes).
 *
 * @throws Error when vega-lite or vega report an error (e.g. an invalid specification).
 * @returns the SVG text and any warnings vega-lite or vega logged (they are not printed).
 */
export async function renderSeriesSvg(series: Series): Promise<RenderedFigure> {
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger = collectingLogger(warnings, errors);
  const { spec } = compile(seriesSpec(series), { logger });
  const view = new vega.View(vega.parse(spec), { renderer: "none", logger });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`figure "${series.id}": ${errors.join("; ")}`);
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}
