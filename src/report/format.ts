/**
 * Text primitives of the Markdown report: one number style everywhere, and escaping of every piece of
 * data-derived text (claim statements, reasons, table cells, labels) so that it renders as written on
 * GitHub-flavoured Markdown viewers.
 *
 * @module
 */
import type { MeasurementValue } from "../../properties/engine/types.js";

/** Integers below this magnitude are printed exactly (counts, widths, seeds); larger ones get an exponent. */
const EXACT_INTEGER_LIMIT = 1e6;

/**
 * Formats a number for the report: 4 significant digits; an exponent when |x| ≥ 10⁵ or |x| < 10⁻³
 * (`1.496e+15`, `2.500e-7`); integers below 10⁶ exactly; `—` for null/undefined; `∞`, `-∞`, `NaN` spelled out.
 */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return "—";
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "-∞";
  if (x === 0) return "0";
  if (Number.isInteger(x) && Math.abs(x) < EXACT_INTEGER_LIMIT) return String(x);
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/** Characters with a Markdown meaning inside a line (CommonMark allows a backslash before any of them). */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~&#!]/g;

/**
 * Escapes text for use inside a Markdown paragraph, heading, list item or table cell: every character with
 * an inline meaning (`` ` * _ [ ] < > | ~ & # ! \ ``) gets a backslash, and line breaks become spaces (a cell
 * or a heading is one line).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, " ").replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** Longest run of backticks in a text (to choose a fence that cannot be closed by the content). */
function longestBacktickRun(text: string): number {
  let best = 0;
  for (const run of text.match(/`+/g) ?? []) best = Math.max(best, run.length);
  return best;
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function codeBlock(content: string, language = ""): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(content) + 1));
  return `${fence}${language}\n${content.replace(/\n$/, "")}\n${fence}`;
}

/** An inline code span for our own text (commands): the fence is longer than any backtick run inside. */
export function codeSpan(text: string): string {
  const fence = "`".repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\r\n|\r|\n/g, " ")}${pad}${fence}`;
}

/** Most array entries shown in a cell before the rest is summarised. */
const ARRAY_PREVIEW = 12;

/** Formats a table cell or measurement value: numbers by {@link formatNumber}, text escaped, arrays in brackets. */
export function formatValue(value: MeasurementValue | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return escapeMarkdown(value);
  const shown = value.slice(0, ARRAY_PREVIEW).map((v) => formatNumber(v));
  const more = value.length > ARRAY_PREVIEW ? `, … (${value.length} values)` : "";
  return `\\[${shown.join(", ")}${more}\\]`;
}

/**
 * The anchor GitHub gives a heading (github-slugger): lower case; everything but letters, marks, decimal digits,
 * spaces, `-` and `_` dropped (so `—`, `*`, `·`, `²` go); each space a hyphen. Pass the heading's text as
 * rendered, i.e. before escaping.
 */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{Nd}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** One GitHub-flavoured Markdown table row from already formatted cells. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
}

/** A GitHub-flavoured Markdown table: header, separator, rows (rows padded or cut to the header's width). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ("left" | "right")[]): string {
  const sep = header.map((_, k) => (align?.[k] === "right" ? "---:" : "---"));
  const body = rows.map((r) => tableRow(header.map((_, k) => r[k] ?? "")));
  return [tableRow(header), tableRow(sep), ...body].join("\n");
}
