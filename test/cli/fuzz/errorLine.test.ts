/**
 * The error line itself (issue 6 item 4): whatever a user typed or a file held, a refusal is one line of
 * printable text — no control characters or terminal escape sequences, no Unicode line separators — and a
 * command line without a command is refused in one line too.
 */
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { oneLine } from "../../../src/cli/main.js";
import { runWith } from "../helpers.js";
import { UNPRINTABLE, expectContract, hostileString } from "./contract.js";

describe("oneLine", () => {
  test.prop([fc.string({ unit: "binary", maxLength: 40 })], { numRuns: 300 })("any text becomes one line of printable characters", (text) => {
    const line = oneLine(text);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(UNPRINTABLE);
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
