/**
 * Renders a {@link VerifyResult} as REPORT.md: what a reader needs to learn, in a few minutes and without
 * reading code, which of the paper's claims hold, where they fail and by how much.
 *
 * Layout: title; how to read the report; environment; summary (verdict counts, one table row per claim ×
 * variant, the failures and undecided results in one line each); then one section per claim (statement,
 * provenance and paper location, settings, per-variant verdict with reason, key measurements, findings tables,
 * coverage, figures, and the command that reproduces a violation); last, when a mutation self-test run is given, its
 * "Mutation self-test" section (`./mutationSection.ts`). GitHub-flavoured Markdown only (tables,
 * fenced code, images); every data-derived text is escaped and every number goes through one formatter.
 *
 * @module
 */
import { PROFILES, type Profile } from "../../properties/engine/profiles.js";
import type { ClaimResult, Replay, VariantResult, Verdict } from "../../properties/engine/types.js";
import type { VerifyResult } from "../../properties/engine/verifyRun.js";
import type { MutationRun } from "../mutation/selfTest.js";
import { type FigureEntry, figureEntries } from "./figureFiles.js";
import { renderMutationSection } from "./mutationSection.js";
import { codeBlock, codeSpan, escapeMarkdown, formatNumber, formatValue, headingAnchor, markdownTable } from "./format.js";

/** What the report needs besides the result. */
export interface MarkdownContext {
  /** The tool's version (package.json). */
  readonly toolVersion: string;
  /** A mutation self-test run (`mutants.json`): when given, the report ends with its section. */
  readonly mutants?: MutationRun;
}

/** Verdicts in the order the report lists them. */
const VERDICT_ORDER: readonly Verdict[] = ["holds", "violated", "inconclusive", "assumption-unmet"];

/** Longest counterexample JSON printed in full (characters); longer ones are cut with a note. */
const COUNTEREXAMPLE_LIMIT = 4000;

const HOW_TO_READ =
  "**How to read this report.** The paper (arXiv:2405.03251) has no experiments; this run checks each of its claims " +
  "(ids as in the suite's SPEC §4) on generated synthetic problems, once per definition variant where the paper leaves " +
  "a choice open (output scaling, initialisation, activation), and judges each by a stated rule. A verdict is " +
  "**holds** (the rule passed on every case that met the claim's assumptions), **violated** (a counterexample, or a " +
  "statistically significant failure: the section shows by how much and how to reproduce it), **inconclusive** (too " +
  "few usable cases, or an interval too wide to decide) or **assumption-unmet** (the generated data did not satisfy " +
  "the claim's premises). *Provenance* says whether a claim is exact mathematics of the model (*derived*) or the " +
  "paper's statement as far as it could be reconstructed (*paper (reconstructed)*; constants marked (?) are " +
  "uncertain and reported with their slack). The *key number* is the one measurement that best summarises a " +
  "result; *slack* is bound ÷ measured at the worst case seen (above 1: the bound held with that much room; below " +
  "1: it failed by that factor; — when the claim has no bound). Read the summary first, then the section of any " +
  "claim that is not *holds*. Everything here is reproducible from the seed and profile below (timing aside); the " +
  "raw numbers, including every figure's data, are in report.json.";

/** The heading of a claim's section (unescaped; {@link headingAnchor} links to it). */
function claimHeading(claim: ClaimResult): string {
  return `${claim.id} — ${claim.title}`;
}

/** A link to a claim's section. */
function linkedClaim(claim: ClaimResult): string {
  return `[${escapeMarkdown(claim.id)}](#${headingAnchor(claimHeading(claim))})`;
}

/** How {@link renderSummary} renders: inside REPORT.md, or on its own (e.g. a CI job's step summary). */
export interface SummaryOptions {
  /** Link claim ids to their sections (true in REPORT.md; false where those sections do not exist). */
  readonly linkClaims: boolean;
  /** Level of the `Summary` heading (its subsections get the next level); 2 in REPORT.md. */
  readonly headingLevel: number;
}

const REPORT_SUMMARY: SummaryOptions = { linkClaims: true, headingLevel: 2 };

/** A verdict as shown in tables: violated in bold, the others plain. */
function verdictText(v: Verdict): string {
  return v === "violated" ? "**violated**" : v;
}

/** `name = value` of a result's key number. */
function keyNumberText(r: VariantResult): string {
  return `${escapeMarkdown(r.keyNumber.name)} = ${formatNumber(r.keyNumber.value)}`;
}

/** The widths of a profile as `16…1024 (7 widths)`. */
function widthRange(widths: readonly number[]): string {
  if (widths.length === 0) return "none";
  return `${widths[0]}…${widths[widths.length - 1]} (${widths.length} widths)`;
}

/** One line with every knob of a profile. */
function profileSettings(profile: Profile | undefined, name: string): string {
  if (profile === undefined) return name;
  return (
    `${profile.name}: ${profile.cases} cases per property, ${profile.trials} seeds per probabilistic check, ` +
    `widths ${widthRange(profile.widths)}, training width ${profile.trainWidth}, ${profile.mcDraws} Monte-Carlo draws, ` +
    `≤ ${profile.maxSteps} gradient steps, n ≤ ${profile.maxN}, d ≤ ${profile.maxD}`
  );
}

/** A shell word: kept as is when it is safe, single-quoted otherwise. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_.,:=/@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that reruns the given claims at the result's profile and seed. */
function verifyCommand(result: VerifyResult, ids: readonly string[]): string {
  const impl = result.implementation === undefined ? [] : ["--impl", result.implementation.module];
  return ["npx", "softmax-ntk", "verify", ...impl, "--profile", result.profile, "--seed", String(result.seed), "--claims", ids.join(",")].map(shellWord).join(" ");
}

/** Verdict counts as `3 hold, 1 violated, …` (all four, in a fixed order). */
function verdictCounts(summary: Readonly<Record<Verdict, number>>): string {
  const word = (v: Verdict, n: number): string => (v === "holds" ? `${n} hold` : `${n} ${v}`);
  return VERDICT_ORDER.map((v) => (v === "violated" && summary[v] > 0 ? `**${word(v, summary[v])}**` : word(v, summary[v]))).join(", ");
}

function renderEnvironment(result: VerifyResult, ctx: MarkdownContext): string {
  const env = result.environment;
  const rows: [string, string][] = [
    ["tool", `softmax-ntk ${escapeMarkdown(ctx.toolVersion)} (result format ${result.formatVersion})`],
    ["Node.js", `${escapeMarkdown(env.node)} on ${escapeMarkdown(env.platform)}/${escapeMarkdown(env.arch)}`],
    ["profile", escapeMarkdown(profileSettings(PROFILES[result.profile], result.profile))],
    ...(result.implementation === undefined
      ? []
      : [["implementation", `${escapeMarkdown(result.implementation.name)} (module ${codeSpan(result.implementation.module)}; methods ${result.implementation.methods.join(", ")})`] as [string, string]]),
    ["seed", String(result.seed)],
    ["started", escapeMarkdown(result.timing.startedAt)],
    ["run time", `${formatNumber(result.timing.totalMs / 1000)} s`],
    ["reproduce", codeSpan(verifyCommand(result, result.claims.map((c) => c.id)))],
  ];
  return ["## Environment", "", markdownTable(["item", "value"], rows)].join("\n");
}

/**
 * The summary section: verdict counts, one table row per claim × variant (claim, title, provenance, variant,
 * verdict, key number, slack), then the violated and the undecided results in one line each.
 *
 * @param result - the run.
 * @param options - links and heading level (default: as in REPORT.md).
 */
export function renderSummary(result: VerifyResult, options: SummaryOptions = REPORT_SUMMARY): string {
  const claimLink = options.linkClaims ? linkedClaim : (claim: ClaimResult): string => escapeMarkdown(claim.id);
  const heading = "#".repeat(options.headingLevel);
  const total = result.claims.reduce((a, c) => a + c.results.length, 0);
  const rows: string[][] = [];
  for (const claim of result.claims) {
    claim.results.forEach((r, k) => {
      const first = k === 0;
      rows.push([
        first ? claimLink(claim) : "",
        first ? escapeMarkdown(claim.title) : "",
        first ? escapeMarkdown(claim.provenance) : "",
        escapeMarkdown(r.variant),
        verdictText(r.verdict),
        keyNumberText(r),
        formatNumber(r.slack),
      ]);
    });
  }
  const lines = [
    `${heading} Summary`,
    "",
    `${result.claims.length} claims, ${total} claim × variant results: ${verdictCounts(result.summary)}.`,
    "",
    markdownTable(["claim", "title", "provenance", "variant", "verdict", "key number", "slack"], rows),
  ];
  const listed = (verdicts: readonly Verdict[]): string[] =>
    result.claims.flatMap((claim) =>
      claim.results.filter((r) => verdicts.includes(r.verdict)).map((r) => `- ${claimLink(claim)} ${escapeMarkdown(r.variant)} (${r.verdict}; ${keyNumberText(r)}): ${escapeMarkdown(r.reason)}`),
    );
  const failed = listed(["violated"]);
  const undecided = listed(["inconclusive", "assumption-unmet"]);
  lines.push("", `${heading}# Where the claims fail`, "", ...(failed.length > 0 ? failed : ["No claim was violated in this run."]));
  if (undecided.length > 0) lines.push("", `${heading}# Undecided`, "", ...undecided);
  return lines.join("\n");
}

function renderMeasurements(r: VariantResult): string {
  const entries = Object.entries(r.measurements);
  if (entries.length === 0) return "";
  return ["**Key measurements.**", "", markdownTable(["measurement", "value"], entries.map(([k, v]) => [escapeMarkdown(k), formatValue(v)]))].join("\n");
}

function renderTables(r: VariantResult): string {
  return r.tables
    .map((t) => {
      const rows = t.rows.map((row) => row.map((cell) => formatValue(cell)));
      return [`*${escapeMarkdown(t.title)}*`, "", markdownTable(t.columns.map((c) => escapeMarkdown(c)), rows)].join("\n");
    })
    .join("\n\n");
}

function renderCoverage(r: VariantResult): string {
  const entries = Object.entries(r.coverage);
  const counts = entries.length > 0 ? entries.map(([k, v]) => `${escapeMarkdown(k)} ${v}`).join(" · ") : "no labels recorded";
  return `**Coverage** (${r.cases} cases measured; a case carries several labels): ${counts}.`;
}

/** Figures of one claim × variant, numbered from `first`. */
function renderFigures(entries: readonly FigureEntry[], first: number): string {
  return entries
    .map((e, k) => {
      const caption = e.series.caption ? ` ${escapeMarkdown(e.series.caption)}` : "";
      const omitted = e.omittedPoints > 0 ? ` (${e.omittedPoints} point(s) that cannot be drawn on these axes, non-finite or ≤ 0 on a log axis, are left out.)` : "";
      if (e.file === null) return `*Figure ${first + k}: ${escapeMarkdown(e.series.title)}* — no data to draw.${omitted}`;
      return [`![${escapeMarkdown(e.series.title)}](${e.file})`, "", `*Figure ${first + k}: ${escapeMarkdown(e.series.title)}.*${caption}${omitted}`].join("\n");
    })
    .join("\n\n");
}

/**
 * The command that replays a result's shrunk counterexample, as words: the variant seed and path it records,
 * plus the variant and the profile (the generator depends on both).
 */
export function replayCommand(claimId: string, variant: string, replay: Replay, profile: string, implModule?: string): string[] {
  const impl = implModule === undefined ? [] : ["--impl", implModule];
  return ["npx", "softmax-ntk", "replay", claimId, ...impl, "--seed", String(replay.seed), "--path", replay.path, "--variant", variant, "--profile", profile];
}

function renderReplay(result: VerifyResult, claim: ClaimResult, r: VariantResult): string {
  if (r.verdict !== "violated") return "";
  if (r.replay) {
    const cmd = replayCommand(claim.id, r.variant, r.replay, result.profile, result.implementation?.module).map(shellWord).join(" ");
    let json = JSON.stringify(r.replay.counterexample, null, 2) ?? "null";
    if (json.length > COUNTEREXAMPLE_LIMIT) json = `${json.slice(0, COUNTEREXAMPLE_LIMIT)}\n… (cut; the whole counterexample is in report.json)`;
    return ["**Replay.** The shrunk counterexample is replayed by", "", codeBlock(cmd, "sh"), "", "Counterexample:", "", codeBlock(json, "json")].join("\n");
  }
  return [
    "**Reproduce.** This verdict is judged over all cases together (there is no single counterexample to replay); rerun it with",
    "",
    codeBlock(verifyCommand(result, [claim.id]), "sh"),
  ].join("\n");
}

function renderClaim(result: VerifyResult, claim: ClaimResult, figures: readonly FigureEntry[], firstFigure: number): string {
  const parts: string[] = [
    `## ${escapeMarkdown(claimHeading(claim))}`,
    `**Statement.** ${escapeMarkdown(claim.statement)}`,
    `**Provenance.** ${escapeMarkdown(claim.provenance)} — ${escapeMarkdown(claim.paperLocation)}.`,
    `**Settings.** profile ${escapeMarkdown(profileSettings(PROFILES[result.profile], result.profile))}; run seed ${result.seed}; ${claim.results.length} variant(s); ${formatNumber(claim.durationMs / 1000)} s.`,
    markdownTable(
      ["variant", "verdict", "cases", "variant seed", "key number", "slack"],
      claim.results.map((r) => [escapeMarkdown(r.variant), verdictText(r.verdict), String(r.cases), String(r.seed), keyNumberText(r), formatNumber(r.slack)]),
    ),
  ];
  let figureNumber = firstFigure;
  for (const r of claim.results) {
    const mine = figures.filter((f) => f.variant === r.variant);
    parts.push(
      ...[
        `### ${escapeMarkdown(claim.id)} · ${escapeMarkdown(r.variant)}: ${r.verdict}`,
        `**Verdict: ${r.verdict}.** ${escapeMarkdown(r.reason)}`,
        renderReplay(result, claim, r),
        renderMeasurements(r),
        r.tables.length > 0 ? `**Findings.**\n\n${renderTables(r)}` : "",
        renderCoverage(r),
        mine.length > 0 ? `**Figures.**\n\n${renderFigures(mine, figureNumber)}` : "",
      ].filter((p) => p !== ""),
    );
    figureNumber += mine.length;
  }
  return parts.join("\n\n");
}

/**
 * REPORT.md for a verification result.
 *
 * @param result - the run.
 * @param ctx - the tool version (and anything else not in the result, e.g. a mutation self-test run).
 * @returns the Markdown text; figures are linked as `figures/<name>.svg` ({@link figureEntries}).
 */
export function renderMarkdown(result: VerifyResult, ctx: MarkdownContext): string {
  const figures = figureEntries(result);
  const sections: string[] = [
    "# softmax-ntk verification report",
    HOW_TO_READ,
    renderEnvironment(result, ctx),
    renderSummary(result),
  ];
  let next = 1;
  for (const claim of result.claims) {
    const mine = figures.filter((f) => f.claimId === claim.id);
    sections.push(renderClaim(result, claim, mine, next));
    next += mine.length;
  }
  if (ctx.mutants !== undefined) sections.push(renderMutationSection(ctx.mutants));
  return `${sections.join("\n\n")}\n`;
}
