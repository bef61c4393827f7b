/**
 * What of a {@link Series} can be drawn: finite points, positive on log axes. The figure renderer draws
 * exactly these, and the report counts the rest as omitted (kept free of the chart libraries so that listing
 * figures stays cheap).
 *
 * @module
 */
import { plottable } from "../../properties/engine/series.js";
import type { Series } from "../../properties/engine/types.js";

/** A series' drawable data in the flat shape the chart specification reads. */
export interface DrawableData {
  /** Points with group and trace filled in (`""` when absent). */
  readonly points: { x: number; y: number; group: string; trace: string }[];
  /** Reference curve points, each tagged with its curve's label. */
  readonly references: { x: number; y: number; label: string }[];
  /** Data points left out (non-finite, or ≤ 0 on a log axis). */
  readonly omitted: number;
}

/** The points and reference points that can be drawn on the series' axes (finite; positive on log axes). */
export function drawableData(series: Series): DrawableData {
  const xLog = series.xScale === "log";
  const yLog = series.yScale === "log";
  const kept = plottable(series.points, xLog, yLog);
  const points = kept.map((p) => ({ x: p.x, y: p.y, group: p.group ?? "", trace: p.trace ?? "" }));
  const references = (series.reference ?? []).flatMap((r) => plottable(r.points, xLog, yLog).map((p) => ({ x: p.x, y: p.y, label: r.label })));
  return { points, references, omitted: series.points.length - kept.length };
}
