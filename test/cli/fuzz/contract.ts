/**
 * The exit contract every CLI fuzz property checks, and the hostile option strings they share.
 *
 * Contract: exit 0/1/3 for valid input and 2 otherwise, never 70; on exit 2 stdout is empty (unless the command
 * had already printed results, see `allowStdout`) and stderr is exactly one line of printable text — no stack
 * trace, no control characters, no Unicode line separators, at most `MAX_ERROR_LINE` long — that starts with
 * `error:` or `softmax-ntk: error:` and names the field, option or file.
 */
import { expect } from "vitest";
import { fc } from "@fast-check/vitest";
import { MAX_ERROR_LINE, oneLine } from "../../../src/cli/main.js";
import { type CliRun, runWith } from "../helpers.js";

/** Control characters other than tab (C0, DEL, C1), line/paragraph separators and invisible format characters. */
export const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u;

/** Options of {@link expectContract}. */
export interface ContractOptions {
  /** Names of which at least one must occur on the error line (escaped as the CLI escapes them). */
  readonly names?: readonly string[];
  /** Whether a refusal may follow output already printed on stdout (e.g. `verify` refusing `--out` after its run). */
  readonly allowStdout?: boolean;
}

/** Checks the exit contract; `valid` true → 0/1/3, false → 2, undefined → either. */
export function expectContract(run: CliRun, valid: boolean | undefined, options: ContractOptions = {}): void {
  const names = options.names ?? [];
  const why = `exit ${run.code}; stderr ${JSON.stringify(run.stderr.slice(0, 400))}`;
  expect(run.code, why).not.toBe(70);
  expect([0, 1, 2, 3], why).toContain(run.code);
  if (valid === true) expect([0, 1, 3], why).toContain(run.code);
  if (valid === false) expect(run.code, why).toBe(2);
  if (run.code !== 2) return;
  if (options.allowStdout !== true) expect(run.stdout, why).toBe("");
  expect(run.stderr.endsWith("\n"), why).toBe(true);
  const errorLine = run.stderr.slice(0, -1).split("\n").pop() as string;
  if (options.allowStdout !== true) expect(run.stderr.slice(0, -1).includes("\n"), why).toBe(false);
  expect(run.stderr, why).not.toMatch(/\n\s+at /);
  expect(errorLine, why).not.toMatch(UNPRINTABLE);
  // The cut note adds "… (N characters cut) … " (< 40 characters) to MAX_ERROR_LINE · 3/4 kept.
  expect(errorLine.length, why).toBeLessThanOrEqual(MAX_ERROR_LINE);
  expect(errorLine, why).toMatch(/^(softmax-ntk: )?error: /);
  expect(errorLine, why).not.toMatch(/internal error/);
  if (names.length > 0) expect(names.some((n) => errorLine.includes(oneLine(n).slice(0, -1))), `${why}; expected one of ${JSON.stringify(names)}`).toBe(true);
}

/** Hostile strings: random unicode, control characters and newlines, option look-alikes and numeric edge cases. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.stringMatching(/^[\n\r\t ,/:\-0-9a-zA-Z]{0,10}$/),
  fc.constantFrom("", " ", "-1", "-0", "0x10", "1e3", "1.5", "4294967296", "99999999", "NaN", "Infinity", "-Infinity", "1e309", "5e-324", "a:b", "1/0", "0/3", "4/3", "3/3", "1001/1001", "x", "--json", "\n", "a\nb", "\u0000", "\u001b[2J", "\u2028", "１", "1_000"),
);

/** Whether `v` is an integer in [0, max] as the CLI's integer options read it (`Number`, not blank). */
export function integerOk(v: string, max: number, min = 0): boolean {
  const n = Number(v);
  return v.trim() !== "" && Number.isInteger(n) && n >= min && n <= max;
}

/**
 * Valid result files for `merge` and `compare` to start from: `verify --json` of claim N4 at the quick profile,
 * as shard 1/1 and as a whole run (each a fraction of a second).
 */
export async function quickN4Results(): Promise<{ shard: string; whole: string }> {
  const base = ["verify", "--profile", "quick", "--claims", "N4", "--json", "--no-report"];
  const shard = await runWith([...base, "--shard", "1/1"]);
  expect(shard.code, shard.stderr).toBe(0);
  const whole = await runWith(base);
  expect(whole.code, whole.stderr).toBe(0);
  return { shard: shard.stdout, whole: whole.stdout };
}
