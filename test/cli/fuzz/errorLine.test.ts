/**
 * The error line itself (issue 6 item 4): whatever a user typed or a file held, a refusal is one line of
 * printable text — no control characters or terminal escape sequences, no Unicode line separators — and a
 * command line without a command is refused in one line too.
 */
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { MAX_ERROR_LINE, oneLine } from "../../../src/cli/main.js";
import { runWith } from "../helpers.js";
import { UNPRINTABLE, expectContract, hostileString } from "./contract.js";

describe("oneLine", () => {
  test.prop([fc.string({ unit: "binary", maxLength: 40 })], { numRuns: 300 })("any text becomes one line of printable characters", (text) => {
    const line = oneLine(text);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(UNPRINTABLE);
  });

  test.prop([fc.string({ maxLength: 100 }), fc.integer({ min: 0, max: 20_000 })], { numRuns: 100 })("a long text keeps its start and end and fits MAX_ERROR_LINE", (text, pad) => {
    const line = oneLine(`field: ${"v".repeat(pad)} ${text} problem.`).slice(0, -1);
    expect(line.length).toBeLessThanOrEqual(MAX_ERROR_LINE);
    expect(line.startsWith("field: ")).toBe(true);
    expect(line.endsWith(" problem.")).toBe(true);
  });

  test.prop([fc.string({ unit: "grapheme", maxLength: 20 }).filter((t) => !UNPRINTABLE.test(t) && !t.includes("\\"))], { numRuns: 100 })(
    "printable text without backslashes passes unchanged",
    (text) => {
      expect(oneLine(text)).toBe(`${text}\n`);
    },
  );
});

describe("error lines carry no raw control characters", () => {
  it("regression: escape sequences, vertical tab, NUL, U+2028 and a bidi override in a value are escaped (they reached the terminal raw)", async () => {
    const value = "N4\u001b[31m\u000b\u0000\u2028\u202eX";
    const claims = await runWith(["verify", `--claims=${value}`, "--no-report"]);
    expectContract(claims, false, { names: ["--claims"] });
    expect(claims.stderr).toContain(String.raw`"N4\u001b[31m\u000b\u0000\u2028\u202eX"`);
    const file = await runWith(["ntk", "--input", "in.json"], { "in.json": `{"X": [[1, ${value}]]}` });
    expectContract(file, false, { names: ["--input"] });
    // JSON.parse quotes the text around the error (cut after a few characters).
    expect(file.stderr).toContain(String.raw`[[1, N4\u001b[31m\u000b\u0000\u2028`);
  });

  test.prop([fc.constantFrom("ntk", "score", "verify", "merge", "compare", "replay"), fc.array(hostileString, { minLength: 1, maxLength: 3 })], { numRuns: 80 })(
    "hostile words after any command: exit 0/1/2/3 and, on exit 2, one printable line",
    async (command, words) => {
      // Keep valid runs cheap: verify only at the quick profile on N4 without a report.
      const argv = command === "verify" ? [command, ...words, "--profile", "quick", "--claims", "N4", "--no-report"] : [command, ...words];
      expectContract(await runWith(argv), undefined);
    },
  );
});

describe("long values", () => {
  it("regression: a 10⁵-character key, kind or result field is cut short (the error line echoed all of it)", async () => {
    const long = "k".repeat(100_000);
    const cases: [string[], Record<string, string>, string][] = [
      [["ntk", "--input", "in.json"], { "in.json": JSON.stringify({ X: [[1]], [long]: 1 }) }, "unknown field"],
      [["score", "--input", "in.json"], { "in.json": JSON.stringify({ distribution: { kind: long }, t: 1, x: [[0]] }) }, "unknown kind"],
      [["compare", "a.json", "a.json"], { "a.json": JSON.stringify({ tool: "softmax-ntk", formatVersion: long }) }, "result format"],
      [["verify", `--claims=${long}`], {}, "--claims"],
    ];
    for (const [argv, files, name] of cases) {
      const run = await runWith(argv, files);
      expectContract(run, false, { names: [name] });
    }
  });
});

describe("unknown options", () => {
  /** Each command with the arguments it requires, so that the unknown option is the only fault. */
  const commands: [string, string[]][] = [
    ["ntk", ["--input", "in.json"]],
    ["score", ["--input", "in.json"]],
    ["verify", ["--profile", "quick", "--claims", "N4", "--no-report"]],
    ["merge", ["s.json", "--no-report"]],
    ["compare", ["a.json", "b.json"]],
    ["replay", ["N4", "--seed", "1"]],
  ];
  const known = ["--input", "--seed", "--width", "--sigma", "--init", "--activation", "--scale", "--profile", "--claims", "--shard", "--json", "--out", "--no-report", "--report", "--rtol", "--path", "--variant", "--help"];
  const unknown = fc.oneof(fc.stringMatching(/^--[a-zA-Z][a-zA-Z0-9-]{0,12}$/), fc.stringMatching(/^-[a-gi-zA-Z]$/)).filter((o) => !known.includes(o));

  test.prop([fc.constantFrom(...commands), unknown, fc.boolean()], { numRuns: 60 })("exit 2 naming the unknown option, for every command", async ([command, args], option, before) => {
    const argv = before ? [command, option, ...args] : [command, ...args, option];
    expectContract(await runWith(argv), false, { names: [`unknown option '${option}'`] });
  });
});

describe("the command line itself", () => {
  it("regression: no command is one line naming the commands (commander printed the whole help on stderr)", async () => {
    const run = await runWith([]);
    expectContract(run, false, { names: ["command"] });
    for (const c of ["ntk", "score", "verify", "merge", "compare", "replay"]) expect(run.stderr).toContain(c);
  });

  test.prop([hostileString.filter((w) => !["ntk", "score", "verify", "merge", "compare", "replay", "help"].includes(w) && !w.startsWith("-"))], { numRuns: 40 })(
    "an unknown command: exit 2 naming it",
    async (word) => {
      fc.pre(word !== "");
      expectContract(await runWith([word]), false, { names: ["unknown command"] });
    },
  );
});
