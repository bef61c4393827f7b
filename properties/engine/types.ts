/**
 * The vocabulary of the claims engine: a claim is a value (id, statement, provenance, generator,
 * measurement, verdict rule); running it for one definition variant gives a {@link VariantResult}, plain
 * JSON-ready data that the CLI prints and the report renders.
 *
 * @module
 */
import type fc from "fast-check";
import type { ImplementationMethod, NetworkImplementation } from "../../src/implementation/types.js";
import type { Activation, Init, Scale } from "../../src/network/types.js";
import type { Profile } from "./profiles.js";

/** SPEC provenance labels. */
export type Provenance = "derived" | "paper (reconstructed)";

/** The four verdicts (SPEC §4 and DEVELOPERS.md "Verdicts are data"). */
export type Verdict = "holds" | "violated" | "inconclusive" | "assumption-unmet";

/** One definition variant of a claim (SPEC §2 leaves the exact scaling and initialisation open). */
export interface Variant {
  /** Stable label, e.g. `scale=m,init=iid` or `softmax`. */
  readonly label: string;
  readonly scale?: Scale;
  readonly init?: Init;
  readonly activation?: Activation;
}

/** A findings table (rendered into the report as-is). */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** Scale of a figure axis. */
export type AxisScale = "linear" | "log";

/** One data point of a {@link Series}. */
export interface SeriesPoint {
  readonly x: number;
  readonly y: number;
  /** Colour group (legend entry), e.g. a σ bucket or an activation; omitted for a single-group series. */
  readonly group?: string;
  /** Points with the same trace (and group) are joined by a line when the series' mark draws lines, e.g. one data set across widths. */
  readonly trace?: string;
}

/** A reference curve drawn dashed over a {@link Series}: a fitted line, a claimed rate or a bound. */
export interface ReferenceLine {
  /** Legend label, e.g. `fit: slope −0.49` or `bound R·n·d·e^{10B}`. */
  readonly label: string;
  /** The curve's points, joined in x order. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/**
 * Data for one figure of the report: the renderer turns any claim's series into an SVG, so a claim adds a
 * figure by adding a series. Values are deterministic functions of the run seed (no timing).
 */
export interface Series {
  /** Stable id, unique within its variant result; lower-case letters, digits and `-` (it names the figure's file). */
  readonly id: string;
  /** Figure title (one line; long titles are wrapped). */
  readonly title: string;
  /** One or two sentences telling the reader what to look for (the figure's caption in the report). */
  readonly caption?: string;
  /** x-axis title, with units where the quantity has one (e.g. `width m (neurons)`). */
  readonly xLabel: string;
  /** y-axis title, with units where the quantity has one. */
  readonly yLabel: string;
  /** Scale of the x axis; on a log axis points with x ≤ 0 are left out (and counted in the report). */
  readonly xScale: AxisScale;
  /** Scale of the y axis (as for x). */
  readonly yScale: AxisScale;
  /** Legend title of the point groups (default `group`). */
  readonly groupLabel?: string;
  /** Legend order of the groups (default: order of first appearance); groups without points are left out. */
  readonly groups?: readonly string[];
  /** `point` (scatter, the default), `line` (joins each group × trace in x order) or `line+point`. */
  readonly mark?: "point" | "line" | "line+point";
  /** The data (finite numbers; JSON-ready). */
  readonly points: readonly SeriesPoint[];
  /** Dashed reference curves (fitted lines, claimed rates, bounds). */
  readonly reference?: readonly ReferenceLine[];
}

/** How to replay a counterexample: `softmax-ntk replay CLAIM --seed S --path P --variant LABEL --profile NAME`. */
export interface Replay {
  /** The variant seed (unsigned 32-bit; fast-check ran with `seed | 0`). */
  readonly seed: number;
  /** fast-check's counterexample path (run index, then shrink steps, joined by `:`). */
  readonly path: string;
  /** The minimal counterexample, as a JSON-friendly summary. */
  readonly counterexample: unknown;
}

/** JSON-friendly measurement values. */
export type MeasurementValue = number | string | boolean | null | readonly number[] | readonly (number | null)[];

/** The result of one claim under one variant. */
export interface VariantResult {
  readonly variant: string;
  readonly verdict: Verdict;
  /** One-line reason for the verdict, with its numbers. */
  readonly reason: string;
  /** The number that best summarises the finding (e.g. worst slack, fitted slope, failure rate). */
  readonly keyNumber: { readonly name: string; readonly value: number | null };
  /** bound ÷ measured at the worst case seen (> 1: the bound held with room; < 1: violated), when defined. */
  readonly slack: number | null;
  readonly measurements: Readonly<Record<string, MeasurementValue>>;
  readonly tables: readonly Table[];
  /** Counts of generated cases by category (coverage of the generator). */
  readonly coverage: Readonly<Record<string, number>>;
  /** Number of generated cases measured. */
  readonly cases: number;
  /** Present when violated by a generated counterexample. */
  readonly replay?: Replay;
  /** The seed this variant ran with (derived from the run seed, claim id and variant). */
  readonly seed: number;
  /** Data for the report's figures (rendered generically, one figure per series). */
  readonly series?: readonly Series[];
}

/** A claim's static description. */
export interface ClaimInfo {
  readonly id: string;
  /** Claim family = the `properties/<family>.ts` module it lives in. */
  readonly family: string;
  readonly title: string;
  readonly statement: string;
  readonly provenance: Provenance;
  /** Where in the paper (or SPEC) it comes from. */
  readonly paperLocation: string;
  /**
   * The methods of the implementation under test this claim calls through {@link RunContext.impl} (empty or
   * absent: the claim checks only the suite's own code, so `verify --impl` does not run it). A claim runs against
   * an external implementation when it provides all of them.
   */
  readonly implementation?: readonly ImplementationMethod[];
}

/** Outcome of one generated case under an `each` rule. */
export type CaseOutcome =
  /** The statement held; `slack` = bound ÷ measured (or null when no bound is involved). */
  | { readonly status: "holds"; readonly slack: number | null; readonly measured?: Readonly<Record<string, number>> }
  /** The case does not satisfy the claim's assumptions (e.g. λ = 0); it is skipped and counted. */
  | { readonly status: "unmet"; readonly reason: string }
  /** The statement failed. */
  | { readonly status: "violated"; readonly slack: number | null; readonly detail: string; readonly measured?: Readonly<Record<string, number>> };

/** Context passed to every claim run. */
export interface RunContext {
  readonly profile: Profile;
  /** Seed of this claim × variant (already derived). */
  readonly seed: number;
  /** The implementation under test (the suite's reference unless `verify --impl` names another). */
  readonly impl: NetworkImplementation;
}

/**
 * Verdict rule `each`: a deterministic statement that must hold on every generated case; run with
 * `fc.check` (so counterexamples shrink and replay by seed and path).
 */
export interface EachRule<C> {
  readonly kind: "each";
  readonly check: (c: C, variant: Variant, ctx: RunContext) => CaseOutcome;
  /** Fraction of skipped (assumption-unmet) cases above which the verdict is `assumption-unmet`. */
  readonly maxUnmetFraction?: number;
}

/** What an aggregate rule's judge returns: a {@link VariantResult} without the fields the engine fills in. */
export type Judgement = Omit<VariantResult, "variant" | "coverage" | "cases" | "seed">;

/** Verdict rule `aggregate`: measure every sampled case, then judge all measurements together. */
export interface AggregateRule<C, M> {
  readonly kind: "aggregate";
  readonly measure: (c: C, variant: Variant, ctx: RunContext) => M;
  readonly judge: (measurements: readonly M[], cases: readonly C[], variant: Variant, ctx: RunContext) => Judgement;
}

/** A claim: description, variants, generator and verdict rule. */
export interface Claim<C = unknown, M = unknown> extends ClaimInfo {
  /** The definition variants it runs under at this profile. */
  readonly variants: (profile: Profile) => readonly Variant[];
  /** The generator of problem cases (an arbitrary over small integers and seeds). */
  readonly generator: (variant: Variant, profile: Profile) => fc.Arbitrary<C>;
  /** How many cases to generate at this profile. */
  readonly cases: (profile: Profile) => number;
  /** Known hard cases tried first (fast-check `examples`) for `each` rules. */
  readonly examples?: (variant: Variant, profile: Profile) => readonly C[];
  /** Coverage labels of a case (counted into `coverage`). */
  readonly classify?: (c: C) => readonly string[];
  readonly rule: EachRule<C> | AggregateRule<C, M>;
}

/** The result of a whole claim (all its variants) as the CLI and report consume it. */
export interface ClaimResult extends ClaimInfo {
  readonly results: readonly VariantResult[];
  readonly durationMs: number;
}
