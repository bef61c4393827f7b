/**
 * Which figures a verification result has and what their files are called: one SVG per series, named
 * `figures/<claim>-<series>.svg`, with the variant in between (`figures/N2-exp-concentration.svg`) when the
 * claim has more than one. The Markdown report links these names and the writer renders them, so both come
 * from here.
 *
 * @module
 */
import type { VerifyResult } from "../../properties/engine/verifyRun.js";
import type { Series } from "../../properties/engine/types.js";
import { drawableData } from "./drawable.js";

/** The folder of the figures, relative to the report's directory. */
export const FIGURES_DIR = "figures";

/** One series of a result and its figure file. */
export interface FigureEntry {
  readonly claimId: string;
  readonly variant: string;
  readonly series: Series;
  /** Path relative to the report's directory (`figures/N2-exp-concentration.svg`); null when nothing can be drawn. */
  readonly file: string | null;
  /** Points left out of the figure (non-finite, or ≤ 0 on a log axis). */
  readonly omittedPoints: number;
}

/** A file-name-safe slug: lower-case letters, digits and single hyphens. */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s === "" ? "x" : s;
}

/**
 * Every series of a result in report order (claims, then variants, then series), with unique file names.
 * Claim ids keep their case (`N2`); a name that would repeat gets `-2`, `-3`, ….
 */
export function figureEntries(result: VerifyResult): FigureEntry[] {
  const used = new Set<string>();
  const out: FigureEntry[] = [];
  for (const claim of result.claims) {
    const several = claim.results.length > 1;
    for (const r of claim.results) {
      for (const series of r.series ?? []) {
        const { points, omitted } = drawableData(series);
        let file: string | null = null;
        if (points.length > 0) {
          const base = [claim.id.replace(/[^A-Za-z0-9]+/g, "-"), ...(several ? [slug(r.variant)] : []), slug(series.id)].join("-");
          let name = base;
          for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base}-${k}`;
          used.add(name.toLowerCase());
          file = `${FIGURES_DIR}/${name}.svg`;
        }
        out.push({ claimId: claim.id, variant: r.variant, series, file, omittedPoints: omitted });
      }
    }
  }
  return out;
}
