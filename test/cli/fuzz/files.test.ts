/**
 * Hostile files at every place the CLI reads one (issue 6 item 4): `ntk --input`, `score --input`, the shard
 * files of `merge` and both result files of `compare`. Contents that are not JSON, binary garbage, a
 * byte-order mark, truncated or corrupted text, empty files and documents nested 10⁴–10⁵ levels deep; a missing
 * file or a directory where a file belongs; the same through standard input (`-`) of the real binary; and the
 * files a command writes (`merge`, `verify --out`) when it refuses its input.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { processIo, readTextLimited } from "../../../src/cli/io.js";
import { type CliRun, runWith } from "../helpers.js";
import { expectContract, hostileString, quickN4Results } from "./contract.js";
import { binaryGarbage, deepDepth, deepDocument, isJson, malformed, nested, notJson } from "../hostileJson.js";

const BIN = fileURLToPath(new URL("../../../bin/softmax-ntk.js", import.meta.url));

/** A place a command reads a file: its argv around the file name, and the field the error line must name. */
interface Slot {
  readonly label: string;
  readonly argv: (file: string) => string[];
  readonly field: (file: string) => string;
  /** A valid file for the slot (and for the other slot of `compare`). */
  readonly valid: () => string;
}

let shardText = "";
let wholeText = "";
let scratch = "";

const SLOTS: readonly Slot[] = [
  { label: "ntk --input", argv: (f) => ["ntk", "--input", f, "--width", "4"], field: () => "--input", valid: () => JSON.stringify({ X: [[0.5, -0.1]] }) },
  {
    label: "score --input",
    argv: (f) => ["score", "--input", f],
    field: () => "--input",
    valid: () => JSON.stringify({ distribution: { kind: "points", points: [[0, 1]] }, t: 0.5, x: [[0.1, 0.2]] }),
  },
  { label: "merge SHARD", argv: (f) => ["merge", f, "--no-report"], field: (f) => f, valid: () => shardText },
  { label: "compare OLD", argv: (f) => ["compare", f, "ok.json"], field: (f) => f, valid: () => wholeText },
  { label: "compare NEW", argv: (f) => ["compare", "ok.json", f], field: (f) => f, valid: () => wholeText },
];
const slot = fc.constantFrom(...SLOTS);

/** `argv` reading from the real file system: `compare`'s valid other side `ok.json` written to the scratch directory. */
function onDisk(argv: readonly string[]): string[] {
  const other = join(scratch, "ok.json");
  writeFileSync(other, wholeText);
  return argv.map((a) => (a === "ok.json" ? other : a));
}

/** Runs `slot` with `text` as the file `name` (and a valid `ok.json` for `compare`'s other side). */
function runSlot(s: Slot, text: string, name = "in.json"): Promise<CliRun> {
  return runWith(s.argv(name), { [name]: text, "ok.json": wholeText });
}

beforeAll(async () => {
  ({ shard: shardText, whole: wholeText } = await quickN4Results());
  scratch = mkdtempSync(join(tmpdir(), "softmax-ntk-fuzz-"));
});

afterAll(() => {
  if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
});

describe("hostile contents at every file the CLI reads", () => {
  it("the valid file of each slot is accepted (the base case of the properties below)", async () => {
    for (const s of SLOTS) expectContract(await runSlot(s, s.valid()), true);
  });

  test.prop([slot, fc.oneof(notJson, deepDocument, fc.constant("\uFEFF"))], { numRuns: 120 })(
    "not JSON, empty, or nested 10⁴–10⁵ levels deep: exit 2 naming the option or file",
    async (s, text) => {
      expectContract(await runSlot(s, text), false, { names: [s.field("in.json")] });
    },
  );

  test.prop([slot, fc.boolean(), deepDepth], { numRuns: 30 })(
    "a valid document with a field nested 10⁴–10⁵ levels deep: exit 2 naming the option or file and the depth limit",
    async (s, arrays, depth) => {
      const deep = nested(depth, arrays ? "array" : "object");
      const text = s.valid().replace(/^\s*\{/, () => `{"deep":${deep},`);
      const run = await runSlot(s, text);
      expectContract(run, false, { names: [s.field("in.json")] });
      expect(run.stderr).toMatch(/is nested more than \d+ levels deep \(at deep/);
    },
  );

  test.prop([slot.chain((s) => fc.tuple(fc.constant(s), malformed(s.valid())))], { numRuns: 150 })(
    "truncated or corrupted text: not JSON → exit 2 naming the option or file; still JSON → valid or a one-line refusal",
    async ([s, text]) => {
      const run = await runSlot(s, text);
      if (!isJson(text) || text.startsWith("\uFEFF")) expectContract(run, false, { names: [s.field("in.json")] });
      else expectContract(run, undefined);
    },
  );

  it("regression: a byte-order mark is named as such (the message showed an invisible character)", async () => {
    for (const s of SLOTS) {
      const run = await runSlot(s, `\uFEFF${s.valid()}`);
      expectContract(run, false, { names: [s.field("in.json")] });
      expect(run.stderr).toContain("starts with a byte-order mark (U+FEFF)");
    }
  });

  test.prop([slot, binaryGarbage], { numRuns: 60 })("binary garbage: exit 2 with one printable line naming the option or file", async (s, text) => {
    const run = await runSlot(s, text);
    // The rare garbage that is JSON (e.g. the byte "7") is not the right object: named as the whole input.
    expectContract(run, false, { names: isJson(text) ? [s.field("in.json"), "input"] : [s.field("in.json")] });
  });
});

describe("a missing file or a directory where a file belongs", () => {
  test.prop([slot, hostileString.filter((f) => f !== "" && f !== "-" && !f.startsWith("-"))], { numRuns: 60 })(
    "a missing file: exit 2 naming the option or file and saying it does not exist",
    async (s, name) => {
      const file = `./no-such/${name}`;
      const run = await runWith(s.argv(file), { "ok.json": wholeText });
      expectContract(run, false, { names: [s.field(file)] });
      expect(run.stderr).toContain("no such file");
    },
  );

  it("a directory (real file system): exit 2 naming the option or file and saying it is a directory", async () => {
    for (const s of SLOTS) {
      const run = await runWith(onDisk(s.argv(scratch)), {}, { readText: processIo.readText });
      expectContract(run, false, { names: [s.field(scratch)] });
      expect(run.stderr).toContain("is a directory");
    }
  });
});

describe("endless and oversized sources", () => {
  it("regression: an endless device (/dev/zero) is refused after the byte limit (readFileSync never returned)", { timeout: 20_000 }, async () => {
    // The real limit is MAX_INPUT_BYTES (512 MiB, under a second to reach); 1 MiB shows the same path cheaply.
    const limited = (path: string): string => readTextLimited(path, 1 << 20);
    for (const s of SLOTS) {
      const run = await runWith(onDisk(s.argv("/dev/zero")), {}, { readText: limited });
      expectContract(run, false, { names: [s.field("/dev/zero")] });
      expect(run.stderr).toContain("larger than 1048576 bytes, the limit of any input");
    }
  });

  it("reads a file across chunk boundaries exactly as readFileSync does (multi-byte characters split between reads)", () => {
    const file = join(scratch, "multibyte.json");
    // 3-byte and 4-byte UTF-8 characters over 2.5 MiB: every 1 MiB chunk boundary splits some character.
    writeFileSync(file, JSON.stringify({ text: "≈𝛔λ".repeat(300_000) }));
    expect(readTextLimited(file)).toBe(readFileSync(file, "utf8"));
    expect(readTextLimited(file, statSync(file).size)).toBe(readFileSync(file, "utf8"));
    expect(() => readTextLimited(file, statSync(file).size - 1)).toThrow(/larger than/);
  });
});

describe("standard input of the real binary (`-`)", () => {
  /** Runs the built CLI with `stdin`; 20 s is far above its ~1 s start-up, so a hang fails the test. */
  function spawnCli(argv: readonly string[], stdin: string, cwd?: string): CliRun & { signal: NodeJS.Signals | null } {
    const res = spawnSync(process.execPath, [BIN, ...argv], { input: stdin, encoding: "utf8", timeout: 20_000, cwd });
    return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr, signal: res.signal };
  }

  const cases: [string, string[], () => string][] = [
    ["ntk: a BOM", ["ntk", "--input", "-"], () => `\uFEFF${SLOTS[0].valid()}`],
    ["ntk: nested 10⁵ deep", ["ntk", "--input", "-"], () => nested(100_000, "array")],
    ["score: binary garbage", ["score", "--input", "-"], () => "\u0000\u001b[2J\u00ff\ufffd{]"],
    ["compare: nested 10⁵ deep", ["compare", "-", "-"], () => `{"tool":"softmax-ntk","formatVersion":${nested(100_000, "array")}}`],
  ];
  for (const [what, argv, stdin] of cases) {
    it(`${what}: exit 2, one line, no stack trace, no hang`, { timeout: 30_000 }, () => {
      const run = spawnCli(argv, stdin());
      expect(run.signal).toBeNull();
      expectContract(run, false, argv[0] === "compare" ? {} : { names: ["--input"] });
      // compare names the file, here "-" (standard input).
      if (argv[0] === "compare") expect(run.stderr).toMatch(/^softmax-ntk: error: -: /);
    });
  }
});

describe("nothing is written when the input is refused", () => {
  let mergeRuns = 0;
  test.prop([fc.oneof(notJson, malformed(JSON.stringify({ tool: "softmax-ntk" })), deepDocument)], { numRuns: 25 })(
    "merge --out DIR with a hostile shard: exit 2 and DIR is not created",
    async (text) => {
      const out = join(scratch, `merge-${mergeRuns++}`);
      const run = await runWith(["merge", "s.json", "--out", out], { "s.json": text });
      expectContract(run, false, { names: ["s.json"] });
      expect(existsSync(out)).toBe(false);
    },
  );

  it("merge writes a schema-valid but hostile shard's report inside --out only (path-like ids, ragged tables, unplottable points)", { timeout: 60_000 }, async () => {
    const made = await runWith(["verify", "--profile", "quick", "--claims", "P1", "--shard", "1/1", "--json", "--no-report"]);
    expect(made.code).toBe(0);
    type Shard = { claims: { id: string; results: { variant: string; tables: { rows: unknown[][] }[]; series: { id: string; points: { x: unknown; y: unknown }[] }[] }[] }[]; plan: { id: string; variants: string[] }[] };
    const shard = JSON.parse(made.stdout) as Shard;
    const r = shard.claims[0].results[0];
    shard.claims[0].id = shard.plan[0].id = "../../P1";
    r.variant = shard.plan[0].variants[0] = "a/../../b";
    r.tables[0].rows[0] = ["a|b\n# c `x` <script>"];
    r.series[0].id = "../../etc/passwd";
    r.series.push({ ...r.series[0], id: "", points: r.series[0].points.map((p, i) => ({ ...p, x: [null, -1, 1e308, 0][i % 4], y: [-5, null, -1e308, 0][i % 4] })) });
    const out = join(scratch, "hostile-report");
    const run = await runWith(["merge", "s.json", "--out", out], { "s.json": JSON.stringify(shard) });
    expectContract(run, true);
    expect(readdirSync(out).sort()).toEqual(["REPORT.md", "figures", "report.json"]);
    const figures = readdirSync(join(out, "figures"));
    // Plain names inside figures/ (no separators or dot-dot); a leading "-" from an id like "../../P1" is possible.
    expect(figures.filter((f) => !/^[\w-][\w.-]*\.svg$/.test(f) || f.includes("..")), figures.join(" ")).toEqual([]);
    expect(readdirSync(scratch).filter((f) => f.endsWith(".svg") || f === "etc" || f === "b")).toEqual([]);
  });

  it("verify --out FILE: exit 2 naming --out, the file unchanged", async () => {
    const file = join(scratch, "a-file");
    writeFileSync(file, "keep");
    const run = await runWith(["verify", "--profile", "quick", "--claims", "N4", "--out", file]);
    expectContract(run, false, { names: ["--out"], allowStdout: true });
    expect(readFileSync(file, "utf8")).toBe("keep");
  });

  it("regression: verify --out '' is refused before writing (it wrote the whole report into the current directory, then exit 2)", { timeout: 30_000 }, () => {
    const cwd = mkdtempSync(join(scratch, "cwd-"));
    const res = spawnSync(process.execPath, [BIN, "verify", "--profile", "quick", "--claims", "N4", "--out", ""], { cwd, encoding: "utf8", timeout: 20_000 });
    expectContract({ code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr }, false, { names: ["--out"], allowStdout: true });
    expect(res.stderr).toContain("--out: is empty");
    expect(readdirSync(cwd)).toEqual([]);
  });
});
