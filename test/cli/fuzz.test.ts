/**
 * Hostile input for the command paths the per-command tests do not fuzz (issue 6 item 4): `verify` options,
 * `merge` and `compare` files (random JSON, truncation, NaN/Infinity spelled as strings, deep nesting, huge
 * numbers, wrong types in every field of a valid result) and `replay` arguments. Every run is in-process
 * (`runWith`), `verify` always with `--profile quick --claims N4 --no-report` when it is expected to run.
 *
 * The contract each property checks ({@link expectContract}, `fuzz/contract.ts`): exit 0/1/3 for valid input and 2
 * otherwise; on exit 2 one printable line naming the field, option or file, no stack trace; never exit 70.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { parseShardSpec } from "../../properties/engine/shard.js";
import { CLAIMS } from "../../properties/index.js";
import { runWith } from "./helpers.js";
import { expectContract, hostileString as hostile, integerOk, quickN4Results } from "./fuzz/contract.js";
import { getAt, jsonType, pathsOf, setAt } from "./hostileJson.js";

const KNOWN_IDS = new Set(CLAIMS.map((c) => c.id));

function shardOk(v: string): boolean {
  try {
    parseShardSpec(v);
    return true;
  } catch {
    return false;
  }
}

/** The tokens of a `--claims` value as `selectClaims` splits it. */
const claimTokens = (s: string): string[] => s.split(",").map((t) => t.trim()).filter((t) => t !== "");

describe("verify: hostile options", () => {
  /** One option: [argv words, valid?, the name the error must carry]. Valid values keep the run cheap (N4, quick). */
  type Opt = [string[], boolean, string];
  const profile: fc.Arbitrary<Opt> = fc.oneof(
    fc.constant<Opt>([["--profile", "quick"], true, "--profile"]),
    hostile.filter((v) => v !== "quick").map<Opt>((v) => [[`--profile=${v}`], v === "standard" || v === "thorough" ? (null as never) : false, "--profile"]).filter((o) => o[1] !== null),
  );
  const claims: fc.Arbitrary<Opt> = fc.oneof(
    fc.constantFrom<Opt>([["--claims", "N4"], true, "--claims"], [["--claims", " N4 ,,N4"], true, "--claims"]),
    fc
      .oneof(hostile, fc.array(fc.constantFrom("N4", "n4", "N44", "", " ", "Z9", "N4\n"), { maxLength: 4 }).map((a) => a.join(",")))
      .filter((v) => claimTokens(v).some((t) => !KNOWN_IDS.has(t)) || claimTokens(v).length === 0)
      .map<Opt>((v) => [[`--claims=${v}`], false, "--claims"]),
  );
  const seed: fc.Arbitrary<Opt> = fc.oneof(
    fc.integer({ min: 0, max: 0xffffffff }).map<Opt>((n) => [["--seed", String(n)], true, "--seed"]),
    hostile.map<Opt>((v) => [[`--seed=${v}`], integerOk(v, 0xffffffff), "--seed"]),
  );
  const shard: fc.Arbitrary<Opt> = fc.oneof(
    fc.constant<Opt>([[], true, ""]),
    fc.integer({ min: 1, max: 1000 }).chain((n) => fc.integer({ min: 1, max: n }).map<Opt>((k) => [["--shard", `${k}/${n}`], true, "--shard"])),
    fc.tuple(fc.integer({ min: -5, max: 1005 }), fc.integer({ min: -5, max: 1005 })).map<Opt>(([k, n]) => [[`--shard=${k}/${n}`], shardOk(`${k}/${n}`), "--shard"]),
    hostile.map<Opt>((v) => [[`--shard=${v}`], shardOk(v), "--shard"]),
  );
  /** `--out` is never used (`--no-report`), so any value is valid. */
  const out: fc.Arbitrary<Opt> = fc.oneof(fc.constant<Opt>([[], true, ""]), hostile.map<Opt>((v) => [[`--out=${v}`], true, "--out"]));
  const unknown: fc.Arbitrary<Opt> = fc.oneof(
    fc.constant<Opt>([[], true, ""]),
    fc
      .stringMatching(/^[a-z][a-z-]{0,10}$/)
      .filter((s) => !["profile", "claims", "seed", "shard", "json", "out", "no-report", "report", "help"].some((k) => k.startsWith(s)))
      .map<Opt>((s) => [[`--${s}`], false, `--${s}`]),
    fc.constantFrom<Opt>([["-x"], false, "-x"], [["--profilex=quick"], false, "--profilex"], [["stray"], false, "argument"]),
  );

  test.prop([profile, claims, seed, shard, out, unknown, fc.boolean()], { numRuns: 200 })(
    "exit 2 naming the option exactly when one option is bad, otherwise a cheap run with exit 0/1/3",
    async (...opts) => {
      const json = opts.pop() as boolean;
      const parts = opts as Opt[];
      const order = [0, 1, 2, 3, 4, 5];
      const argv = ["verify", ...order.flatMap((i) => parts[i][0]), "--no-report", ...(json ? ["--json"] : [])];
      // Commander validates in argv order and stops at the first bad option; unknown options are reported after parsing.
      const bad = parts.filter((p) => !p[1]);
      const run = await runWith(argv);
      expectContract(run, bad.length === 0, { names: bad.map((p) => p[2]) });
    },
  );
});

const WRONG: unknown[] = [null, "x", 1.5, -1, true, [], {}, "NaN", "Infinity"];

/** The corruption families, applied to a valid result's text; each yields [text, expected validity]. */
function corruptions(text: string): fc.Arbitrary<[string, boolean | undefined]> {
  const trimmed = text.trim();
  const value = JSON.parse(trimmed) as unknown;
  const paths = pathsOf(value);
  const numberPaths = paths.filter((p) => typeof getAt(value, p) === "number");
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  return fc.oneof(
    // Random JSON and random text: never a result.
    fc.jsonValue({ maxDepth: 4 }).map<[string, boolean]>((j) => [JSON.stringify(j) ?? "null", false]),
    fc.string({ maxLength: 40 }).map<[string, boolean | undefined]>((s) => [s, false]),
    // Truncated: any proper prefix of the valid text.
    fc.integer({ min: 0, max: trimmed.length - 1 }).map<[string, boolean]>((k) => [trimmed.slice(0, k), false]),
    // A number replaced by NaN/Infinity spelled as a string, as a bare literal (invalid JSON) or a huge literal.
    fc
      .tuple(fc.constantFrom(...numberPaths), fc.constantFrom('"NaN"', '"Infinity"', '"-Infinity"', "NaN", "Infinity", "1e400", "-1e400", "1e308", "123456789012345678901234567890", "-0", "5e-324"))
      .map<[string, boolean | undefined]>(([p, lit]) => {
        const marker = "__FUZZ_MARKER__";
        const t = JSON.stringify(setAt(value, p, marker)).replace(`"${marker}"`, lit);
        return [t, lit === "NaN" || lit === "Infinity" || lit === "1e400" || lit === "-1e400" ? false : undefined];
      }),
    // A value of the wrong type at any path (some fields are free-form, so validity is not predicted).
    fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...WRONG)).filter(([p, w]) => jsonType(getAt(value, p)) !== jsonType(w)).map<[string, undefined]>(([p, w]) => [JSON.stringify(setAt(value, p, w)), undefined]),
    // Deep nesting: a whole file, or a free-form field, 10^4 arrays deep.
    fc.constantFrom<[string, boolean | undefined]>(
      [deep(10_000), false],
      [`{"tool":"softmax-ntk","formatVersion":${deep(10_000)}}`, false],
      [trimmed.replace(/^\{/, `{"extra":${deep(10_000)},`), false],
      [trimmed.replace(/"variant":/, `"extra":${deep(10_000)},"variant":`), false],
      [trimmed.replace(/"measurements":\{/, `"measurements":{"deep":${deep(10_000)},`), false],
      ["\uFEFF" + trimmed, false],
      [trimmed + trimmed, false],
    ),
  );
}

let shardText: string;
let wholeText: string;

beforeAll(async () => {
  ({ shard: shardText, whole: wholeText } = await quickN4Results());
});

describe("merge: hostile shard files", () => {
  it("the unedited shard merges (the base case of the properties below)", async () => {
    expectContract(await runWith(["merge", "s.json", "--no-report"], { "s.json": shardText }), true);
  });

  it("corrupted shard files: exit 2 with one line naming the file, or a clean merge; never exit 70", async () => {
    await fc.assert(
      fc.asyncProperty(corruptions(shardText), fc.boolean(), async ([text, valid], json) => {
        const run = await runWith(["merge", "s.json", "--no-report", ...(json ? ["--json"] : [])], { "s.json": text });
        expectContract(run, valid, { names: ["s.json"] });
      }),
      { numRuns: 400 },
    );
  });

  it("wrong types in every field of a valid shard, exhaustively", async () => {
    const value = JSON.parse(shardText) as unknown;
    for (const p of pathsOf(value)) {
      for (const w of [null, "x", 7, [], {}]) {
        if (jsonType(getAt(value, p)) === jsonType(w)) continue;
        const run = await runWith(["merge", "s.json", "--no-report"], { "s.json": JSON.stringify(setAt(value, p, w)) });
        expectContract(run, undefined, { names: ["s.json"] });
      }
    }
  });

  it("structural edits of the plan and claims: exit 2 or a clean merge, never exit 70", async () => {
    type Shard = { claims: { id: string; results: unknown[] }[]; plan: { id: string; variants: string[] }[] };
    const base = JSON.parse(shardText) as Shard;
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(base.claims.flatMap((c) => c.results.map((_, i) => [c.id, i] as const))),
        fc.array(fc.record({ id: fc.constantFrom("N4", "P1", ""), variants: fc.array(fc.constantFrom("softmax", "exp", "relu", ""), { maxLength: 3 }) }), { maxLength: 3 }),
        fc.boolean(),
        async (keep, plan, replacePlan) => {
          const s = structuredClone(base);
          s.claims = s.claims.map((c) => ({ ...c, results: c.results.filter((_, i) => keep.some(([id, j]) => id === c.id && j === i)) })).filter((c) => c.results.length > 0);
          if (replacePlan) s.plan = plan;
          const run = await runWith(["merge", "s.json", "--no-report"], { "s.json": JSON.stringify(s) });
          expectContract(run, undefined, { names: ["s.json", "merge"] });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("regression: a plan claim with no variants is refused naming the file (was exit 70)", async () => {
    const s = JSON.parse(shardText) as { claims: unknown[]; plan: unknown[] };
    s.claims = [];
    s.plan = [{ id: "N4", variants: [] }];
    expectContract(await runWith(["merge", "s.json", "--no-report"], { "s.json": JSON.stringify(s) }), false, { names: ["s.json"] });
  });

  it("regression: a field of a variant result nested 10⁴ levels deep is refused naming the file (was exit 70: JSON.stringify overflowed the stack)", async () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    for (const [where, text] of [
      ["unknown field", shardText.replace(/"variant":/, `"extra":${deep},"variant":`)],
      ["counterexample", shardText.replace(/"variant":/, `"replay":{"seed":1,"path":"0","counterexample":${deep}},"variant":`)],
    ]) {
      const run = await runWith(["merge", "s.json", "--json", "--no-report"], { "s.json": text });
      expectContract(run, false, { names: ["s.json"] });
      expect(run.stderr, where).toMatch(/s\.json: is nested more than 256 levels deep \(at claims\[0\]\.results\[0\]\./);
    }
  });

  test.prop([fc.array(hostile, { minLength: 1, maxLength: 3 })], { numRuns: 40 })("missing or oddly named files: exit 2 naming a file", async (files) => {
    const run = await runWith(["merge", ...files.map((f) => `./${f}`), "--no-report"]);
    expectContract(run, false, { names: files.map((f) => `./${f}`) });
  });
});

describe("compare: hostile result files", () => {
  it("corruption on either side: exit 2 with one line naming that file, or a clean comparison", async () => {
    for (const base of [wholeText, shardText]) {
      await fc.assert(
        fc.asyncProperty(corruptions(base), fc.boolean(), fc.boolean(), async ([text, valid], corruptOld, json) => {
          const files = corruptOld ? { "old.json": text, "new.json": base } : { "old.json": base, "new.json": text };
          const run = await runWith(["compare", "old.json", "new.json", ...(json ? ["--json"] : [])], files);
          expectContract(run, valid, { names: [corruptOld ? "old.json" : "new.json"] });
        }),
        { numRuns: 200 },
      );
    }
  });

  test.prop([hostile])("a bad --rtol is exit 2 naming --rtol", async (r) => {
    const v = Number(r);
    const ok = r.trim() !== "" && Number.isFinite(v) && v >= 0;
    const run = await runWith(["compare", "old.json", "new.json", `--rtol=${r}`], { "old.json": wholeText, "new.json": wholeText });
    expectContract(run, ok, { names: ["--rtol"] });
  });
});

describe("replay: hostile arguments", () => {
  /** `each` claims cheap at the quick profile, with their variants. */
  const claimArb = fc.oneof(fc.constantFrom("N4", "P1", "I1", "D2"), hostile.filter((s) => !KNOWN_IDS.has(s)));
  const variantArb = fc.option(fc.oneof(fc.constantFrom("softmax", "exp", "relu", "exact"), hostile), { nil: undefined });
  /** Paths whose run index stays small (a huge run index makes fast-check walk that many cases; see the report). */
  const pathArb = fc.option(
    fc.oneof(
      fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 }).map((a) => a.join(":")),
      fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom(99999999, 4294967296, 1e21)).map(([a, b]) => `${a}:${b}`),
      hostile.filter((s) => !/^\d+(:\d+)*$/.test(s)),
    ),
    { nil: undefined },
  );
  const seedArb = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }).map(String), hostile);

  test.prop([claimArb, variantArb, pathArb, seedArb], { numRuns: 200 })("exit 0/1/3 or exit 2 with one line; never 70", async (claim, variant, path, seed) => {
    const argv = ["replay", claim, `--seed=${seed}`, "--profile", "quick", ...(variant === undefined ? [] : [`--variant=${variant}`]), ...(path === undefined ? [] : [`--path=${path}`])];
    const run = await runWith(argv);
    const valid = KNOWN_IDS.has(claim) ? undefined : false;
    expectContract(run, integerOk(seed, 0xffffffff) ? valid : false, { names: ["claim", "--seed", "--variant", "--path", "unknown option", "argument"] });
  });
});
