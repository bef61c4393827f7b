/**
 * The Markdown a CI job shows on its summary page (GitHub's `GITHUB_STEP_SUMMARY`): a title line naming the run,
 * then the report's summary section ({@link renderSummary}) without links to sections that only REPORT.md has.
 *
 * @module
 */
import type { VerifyResult } from "../../properties/engine/verifyRun.js";
import { escapeMarkdown } from "./format.js";
import { renderSummary } from "./markdown.js";

/** What the step summary needs besides the result. */
export interface StepSummaryContext {
  /** The tool's version. */
  readonly toolVersion: string;
  /** What produced the result, e.g. `softmax-ntk verify` or `softmax-ntk verify (shard 2/3)`. */
  readonly title: string;
}

/**
 * The step summary of a result: `## TITLE: profile P, seed S`, the tool version, then the summary table and the
 * failing and undecided results.
 *
 * @param result - the run (whole, merged or one shard's part).
 * @param ctx - title and tool version.
 * @returns Markdown ending with a blank line, so that several summaries appended to one file stay apart.
 */
export function renderStepSummary(result: VerifyResult, ctx: StepSummaryContext): string {
  const title = `## ${escapeMarkdown(ctx.title)}: profile ${result.profile}, seed ${result.seed}`;
  const tool = `softmax-ntk ${escapeMarkdown(ctx.toolVersion)} (result format ${result.formatVersion}).`;
  return `${[title, tool, renderSummary(result, { linkClaims: false, headingLevel: 3 })].join("\n\n")}\n\n`;
}
