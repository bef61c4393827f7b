/**
 * The "Mutation self-test" section of REPORT.md, rendered from a {@link MutationRun} (`mutants.json`): which
 * deliberately broken implementations the claims caught, and by which claim.
 *
 * @module
 */
import type { MutantOutcome } from "../mutation/outcome.js";
import type { MutationRun } from "../mutation/selfTest.js";
import { codeSpan, escapeMarkdown, formatNumber, markdownTable } from "./format.js";

const INTRO =
  "A verification suite is only as good as the bugs it catches. Each mutant below is a realistic bug patched into one " +
  "compiled module of the reference implementation; all claims then ran against it at the profile and seed stated. A " +
  "mutant is **killed** by a claim when some variant of that claim is *violated* under the mutant but not under the " +
  "unmutated reference, by a measured violation (an exception is only a *crash*, listed separately). *Declared* " +
  "killers are the claims whose mathematics names the bug; a kill only by other claims is the weaker finding.";

/** The "killed by" cell: measured killers (declared ones in bold), the first kill's key number, crash-kills. */
function killedBy(m: MutantOutcome): string {
  const parts: string[] = [];
  if (m.killers.length > 0) {
    parts.push(m.killers.map((k) => (m.declaredKillers.includes(k) ? `**${escapeMarkdown(k)}**` : escapeMarkdown(k))).join(", "));
    if (m.firstKill !== null) parts.push(`(${escapeMarkdown(m.firstKill.claim)} ${escapeMarkdown(m.firstKill.variant)}: ${escapeMarkdown(m.firstKill.keyNumber.name)} = ${formatNumber(m.firstKill.keyNumber.value)})`);
    if (!m.declaredKillerHit) parts.push(`— no declared killer (${m.declaredKillers.map(escapeMarkdown).join(", ")})`);
  }
  if (m.crashKillers.length > 0) parts.push(`crash: ${m.crashKillers.map(escapeMarkdown).join(", ")}`);
  if (m.detail !== undefined) parts.push(escapeMarkdown(m.detail));
  return parts.length > 0 ? parts.join(" ") : "—";
}

/** The status cell: killed plain, anything else in bold. */
function statusText(m: MutantOutcome): string {
  return m.status === "killed" ? "killed" : `**${m.status}**`;
}

/**
 * The section (level-2 heading): settings of the mutants run, its score, and one table row per mutant.
 *
 * @param run - the content of `mutants.json`.
 */
export function renderMutationSection(run: MutationRun): string {
  const claims = run.claims === null ? "all claims" : `claims ${run.claims.map(escapeMarkdown).join(", ")}`;
  const settings =
    `Mutants run: profile ${escapeMarkdown(run.profile)}, seed ${run.seed}, ${claims}, softmax-ntk ${escapeMarkdown(run.toolVersion)}, ` +
    `started ${escapeMarkdown(run.startedAt)}; reference run ${formatNumber(run.reference.durationMs / 1000)} s, time-out per mutant ` +
    `${formatNumber(run.timeout.ms / 1000)} s (${escapeMarkdown(run.timeout.rule)}).`;
  const score =
    `**Mutation score: ${run.score.killed}/${run.score.total} killed** by a measured violation; ` +
    `${run.score.declaredKillerHits} of the ${run.score.killed} kills include a declared killer.`;
  const rows = run.mutants.map((m) => [codeSpan(m.id), escapeMarkdown(m.component), escapeMarkdown(m.bug), statusText(m), killedBy(m)]);
  return [
    "## Mutation self-test",
    INTRO,
    settings,
    score,
    markdownTable(["mutant", "component", "bug", "status", "killed by"], rows),
    `Rerun with ${codeSpan(`npx softmax-ntk mutants --seed ${run.seed}`)} (see README, "Mutation self-test").`,
  ].join("\n\n");
}
