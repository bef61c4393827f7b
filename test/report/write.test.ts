import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FigureRenderer, writeFileAtomic, writeReport } from "../../src/report/write.js";
import { FIXTURE } from "./fixtures.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "softmax-ntk-report-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fast fake renderer (the real one is tested in figures.test.ts). */
const fakeRenderer: FigureRenderer = async (series) => ({ svg: `<svg id="${series.id}"><path d="M0,0"/></svg>`, warnings: [] });

/** Every file under `root`, relative, sorted (hidden temporary files included). */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const e of readdirSync(join(root, sub), { withFileTypes: true })) {
      const rel = sub === "" ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk("");
  return out.sort();
}

/** An "old run": REPORT.md, report.json and two figures, one of which the new run will not produce. */
function seedOldReport(): Record<string, string> {
  mkdirSync(join(dir, "figures"), { recursive: true });
  const old: Record<string, string> = {
    "REPORT.md": "# old report\n",
    "report.json": '{"old": true}\n',
    "figures/X1-scale-m-init-iid-rate.svg": "<svg>old rate</svg>",
    "figures/OLD-gone.svg": "<svg>stale</svg>",
    "figures/notes.txt": "not ours",
  };
  for (const [name, text] of Object.entries(old)) writeFileSync(join(dir, name), text);
  return old;
}

describe("writeReport", () => {
  it("writes figures, report.json and REPORT.md, and removes only stale figures", async () => {
    seedOldReport();
    const written = await writeReport(FIXTURE, dir, { renderFigure: fakeRenderer, toolVersion: "1.2.3" });
    expect(listing(dir)).toEqual(["REPORT.md", "figures/X1-scale-m-init-iid-level.svg", "figures/X1-scale-m-init-iid-rate.svg", "figures/notes.txt", "report.json"]);
    expect(written.removed).toEqual([join(dir, "figures", "OLD-gone.svg")]);
    expect(readFileSync(join(dir, "figures/X1-scale-m-init-iid-rate.svg"), "utf8")).toBe('<svg id="rate"><path d="M0,0"/></svg>');
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(FIXTURE)));
    expect(readFileSync(join(dir, "report.json"), "utf8")).toContain('\n  "tool": "softmax-ntk",\n');
    const md = readFileSync(join(dir, "REPORT.md"), "utf8");
    expect(md).toContain("softmax-ntk 1.2.3");
    expect(md).toContain("](figures/X1-scale-m-init-iid-rate.svg)");
  });

  it("creates a missing directory", async () => {
    const nested = join(dir, "a", "b");
    await writeReport(FIXTURE, nested, { renderFigure: fakeRenderer });
    expect(listing(nested)).toContain("REPORT.md");
  });

  it("leaves the old report intact when a figure renderer throws midway", async () => {
    const old = seedOldReport();
    let calls = 0;
    const failing: FigureRenderer = async (series) => {
      calls++;
      if (calls === 2) throw new Error("renderer crashed");
      return fakeRenderer(series);
    };
    await expect(writeReport(FIXTURE, dir, { renderFigure: failing })).rejects.toThrow("renderer crashed");
    expect(calls).toBe(2);
    expect(listing(dir)).toEqual(Object.keys(old).sort());
    for (const [name, text] of Object.entries(old)) expect(readFileSync(join(dir, name), "utf8")).toBe(text);
  });

  it("leaves the old report intact when the Markdown renderer throws", async () => {
    const old = seedOldReport();
    const boom = (): string => {
      throw new Error("markdown crashed");
    };
    await expect(writeReport(FIXTURE, dir, { renderFigure: fakeRenderer, renderMarkdown: boom })).rejects.toThrow("markdown crashed");
    expect(listing(dir)).toEqual(Object.keys(old).sort());
    for (const [name, text] of Object.entries(old)) expect(readFileSync(join(dir, name), "utf8")).toBe(text);
  });

  it("renders real SVG figures by default", async () => {
    await writeReport(FIXTURE, dir);
    const svg = readFileSync(join(dir, "figures/X1-scale-m-init-iid-rate.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
  });
});

describe("writeFileAtomic", () => {
  it("replaces a file's content and leaves no temporary file", async () => {
    const path = join(dir, "f.txt");
    writeFileSync(path, "old");
    await writeFileAtomic(path, "new");
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(listing(dir)).toEqual(["f.txt"]);
  });

  it("fails without touching the target when the rename cannot happen, and cleans up", async () => {
    const target = join(dir, "taken");
    mkdirSync(join(target, "child"), { recursive: true });
    await expect(writeFileAtomic(target, "text")).rejects.toThrow();
    expect(listing(dir)).toEqual([]);
    expect(readdirSync(target)).toEqual(["child"]);
  });

  it("removes temporary files of dead writers on the next write", async () => {
    writeFileSync(join(dir, ".REPORT.md.999999999.abcdef.softmax-ntk-tmp"), "half");
    await writeReport(FIXTURE, dir, { renderFigure: fakeRenderer });
    expect(listing(dir).filter((n) => n.includes("softmax-ntk-tmp"))).toEqual([]);
  });
});
