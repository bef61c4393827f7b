/**
 * Appends a run's summary to the CI job summary: when the environment names a file in `GITHUB_STEP_SUMMARY`
 * (GitHub Actions sets it for every step), `verify` and `merge` append {@link renderStepSummary}'s Markdown to it.
 *
 * @module
 */
import { appendFileSync } from "node:fs";
import type { VerifyResult } from "../../properties/engine/verifyRun.js";
import { renderStepSummary } from "../report/stepSummary.js";
import type { CliIo } from "./io.js";

/** The environment variable naming the step-summary file. */
export const STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY";

/**
 * Appends the summary of `result` to the file `GITHUB_STEP_SUMMARY` names, if it is set and not empty.
 *
 * @returns the path appended to, null when the variable is unset, or a warning text when the file could not be
 *   written (the run's verdicts matter more than its summary page, so this never fails a command).
 */
export function appendStepSummary(io: CliIo, result: VerifyResult, title: string, toolVersion: string): { readonly path: string | null; readonly warning?: string } {
  const path = io.env?.[STEP_SUMMARY_ENV];
  if (path === undefined || path === "") return { path: null };
  try {
    const text = renderStepSummary(result, { title, toolVersion });
    (io.appendText ?? ((p: string, t: string) => appendFileSync(p, t, "utf8")))(path, text);
    return { path };
  } catch (e) {
    return { path, warning: `cannot append the summary to ${STEP_SUMMARY_ENV}=${JSON.stringify(path)}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
