/**
 * Writes a verification result to a directory: `figures/*.svg`, `report.json` (the result, pretty-printed) and
 * `REPORT.md`, so that an interrupted or failing run never leaves a half-written report.
 *
 * Order and atomicity: everything is rendered in memory first (a renderer that throws leaves the directory
 * untouched); then each file is written to a temporary file in its own directory, flushed to disk and renamed
 * over the old one (a rename within one directory is atomic on POSIX file systems), figures first, then
 * report.json, then REPORT.md last; only then are figures of an older run that this one did not produce
 * removed. A reader therefore always sees either the old or the new version of each file, and an old REPORT.md
 * stays until the new one is complete.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Series } from "../../properties/engine/types.js";
import type { VerifyResult } from "../../properties/engine/verifyRun.js";
import type { MutationRun } from "../mutation/selfTest.js";
import { FIGURES_DIR, figureEntries } from "./figureFiles.js";
import { type MarkdownContext, renderMarkdown } from "./markdown.js";
import { toolVersion } from "./toolVersion.js";

/** Names of the report's files inside its directory. */
export const REPORT_FILES = { markdown: "REPORT.md", json: "report.json", figures: FIGURES_DIR } as const;

/** Renders one series to SVG text (the default is vega-lite + vega, {@link renderSeriesSvg}). */
export type FigureRenderer = (series: Series) => Promise<{ readonly svg: string; readonly warnings: readonly string[] }>;

/** Options of {@link writeReport} (the renderers are seams for tests). */
export interface WriteReportOptions {
  /** Tool version shown in the report (default: package.json's). */
  readonly toolVersion?: string;
  /** Figure renderer (default: vega-lite + vega, loaded on first use). */
  readonly renderFigure?: FigureRenderer;
  /** Markdown renderer (default {@link renderMarkdown}). */
  readonly renderMarkdown?: (result: VerifyResult, ctx: MarkdownContext) => string;
  /** A mutation self-test run to include as REPORT.md's "Mutation self-test" section. */
  readonly mutants?: MutationRun;
}

/** The report's files, rendered in memory (paths relative to the report's directory). */
export interface RenderedReport {
  readonly markdown: string;
  readonly json: string;
  readonly figures: readonly { readonly file: string; readonly svg: string }[];
  /** Warnings the chart libraries logged, prefixed with the figure's file. */
  readonly warnings: readonly string[];
}

/** What {@link writeReport} wrote (paths joined to the report's directory). */
export interface WrittenReport {
  /** Path of REPORT.md. */
  readonly markdown: string;
  /** Path of report.json. */
  readonly json: string;
  /** Paths of the figures written. */
  readonly figures: readonly string[];
  /** Stale figures (from an older run) that were removed. */
  readonly removed: readonly string[];
  /** Warnings the chart libraries logged while rendering the figures. */
  readonly warnings: readonly string[];
}

/** Temporary files of {@link writeFileAtomic} start with a dot and end like this. */
const TEMP_SUFFIX = ".softmax-ntk-tmp";

/** The default figure renderer: vega and vega-lite are imported only when a report is written. */
const defaultFigureRenderer: FigureRenderer = async (series) => {
  const { renderSeriesSvg } = await import("./figures.js");
  return renderSeriesSvg(series);
};

/**
 * Renders REPORT.md, report.json and every figure in memory; throws (writing nothing) if any renderer does.
 */
export async function renderReport(result: VerifyResult, options: WriteReportOptions = {}): Promise<RenderedReport> {
  // Render everything from the JSON round trip of the result, exactly what report.json holds and `merge`
  // reads back, so a merged report is identical to an unsharded one by construction (non-finite numbers
  // become null in JSON and render as "—" on both paths).
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const stored = JSON.parse(json) as VerifyResult;
  const renderFigure = options.renderFigure ?? defaultFigureRenderer;
  const figures: { file: string; svg: string }[] = [];
  const warnings: string[] = [];
  for (const entry of figureEntries(stored)) {
    if (entry.file === null) continue;
    const rendered = await renderFigure(entry.series);
    figures.push({ file: entry.file, svg: rendered.svg });
    for (const w of rendered.warnings) warnings.push(`${entry.file}: ${w}`);
  }
  const markdown = (options.renderMarkdown ?? renderMarkdown)(stored, { toolVersion: options.toolVersion ?? toolVersion(), ...(options.mutants === undefined ? {} : { mutants: options.mutants }) });
  return { markdown, json, figures, warnings };
}

/**
 * Writes `content` to `path` atomically: a temporary file in the same directory, flushed, then renamed over
 * `path`. On failure the temporary file is removed and `path` is unchanged.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`);
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

/** Whether the process that created a temporary file (its pid is in the name) still runs. */
function writerAlive(tempName: string): boolean {
  const match = /\.(\d+)\.[0-9a-f]+\.softmax-ntk-tmp$/.exec(tempName);
  if (match === null) return false;
  const pid = Number(match[1]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes, in `dir`, temporary files left by interrupted writes (whose process is gone) and, when `keepSvg` is
 * given, SVG files not in it; returns the removed paths. Other files are never touched.
 */
async function removeStale(dir: string, keepSvg: ReadonlySet<string> | null): Promise<string[]> {
  const removed: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const staleSvg = keepSvg !== null && name.endsWith(".svg") && !keepSvg.has(name);
    const staleTemp = name.startsWith(".") && name.endsWith(TEMP_SUFFIX) && !writerAlive(name);
    if (!staleSvg && !staleTemp) continue;
    await unlink(join(dir, name)).catch(() => undefined);
    removed.push(join(dir, name));
  }
  return removed;
}

/**
 * Writes the report of `result` into `dir` (created if missing): `figures/*.svg`, then `report.json`, then
 * `REPORT.md`, each atomically; then removes stale figures and leftover temporary files.
 *
 * @param result - the verification result.
 * @param dir - the report directory (e.g. `reports/`).
 * @param options - renderers and the tool version (defaults for real runs).
 * @returns the paths written and the stale figures removed.
 */
export async function writeReport(result: VerifyResult, dir: string, options: WriteReportOptions = {}): Promise<WrittenReport> {
  const rendered = await renderReport(result, options);
  const figuresDir = join(dir, REPORT_FILES.figures);
  await mkdir(figuresDir, { recursive: true });
  const figures: string[] = [];
  for (const f of rendered.figures) {
    const path = join(dir, f.file);
    await writeFileAtomic(path, f.svg);
    figures.push(path);
  }
  const json = join(dir, REPORT_FILES.json);
  await writeFileAtomic(json, rendered.json);
  const markdown = join(dir, REPORT_FILES.markdown);
  await writeFileAtomic(markdown, rendered.markdown);
  const keep = new Set(rendered.figures.map((f) => basename(f.file)));
  const removed = [...(await removeStale(figuresDir, keep)), ...(await removeStale(dir, null))];
  return { markdown, json, figures, removed, warnings: rendered.warnings };
}
