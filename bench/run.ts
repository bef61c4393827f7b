/**
 * `npm run bench`: how fast the suite's two heavy kernels are, and how they compare with numpy.
 *
 * Tasks (softmax network, σ = 1, X inside the unit ball, i.i.d. initial weights; see `bench/workload.ts`):
 * - `ntk-assembly`: {@link empiricalNtk}, H = (G Gᵀ) ∘ (1_{d×d} ⊗ X Xᵀ) including the forward pass, at
 *   nd ∈ {128, 512, 1024} × m ∈ {1024, 4096};
 * - `lambda-min`: λ_min(H) on the m = 4096 H of each nd with `extremeEigenpairs` from
 *   `src/linalg/spectrum.ts` when that module exists (loaded dynamically), else ml-matrix's symmetric
 *   `EigenvalueDecomposition`, labelled as a fallback; ml-matrix's EVD is timed as well up to nd = 512, as a
 *   reference row of the human table;
 * - `gd-steps`: 100 gradient-descent steps (forward, gradient, update) at n = 32, d = 16, m = 4096;
 * - numpy peer (optional): `bench/numpy_ref.py` does the same on the same matrices (see `bench/numpyPeer.ts`);
 * - `--standard` (opt-in, minutes): the wall time of `softmax-ntk verify --profile standard --no-report`.
 *
 * Every time is the median of k runs after a warm-up (`bench/timing.ts`). Flags: `--quick` (small sizes,
 * 3 repetitions: a smoke run), `--json` (one JSON object per task and size on stdout with exactly the keys
 * task, nd, m, oursMs, numpyMs, ratio; everything else on stderr), `--reps K`, `--seed S`, `--python EXE`,
 * `--no-numpy`, `--numpy-threads T`, `--standard`.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { EigenvalueDecomposition } from "ml-matrix";
import { type Dense, frobenius, toMatrix } from "../src/linalg/dense.js";
import { empiricalNtk } from "../src/ntk/empirical.js";
import { checkSeed } from "../src/random/rng.js";
import { describeBlas, type PeerOutcome, type PeerResult, runNumpyPeer, UNSET_FOR_PEER } from "./numpyPeer.js";
import { MIN_REPS, type Timing, type TimingOptions, timeMedian } from "./timing.js";
import { type BenchCase, FULL_CASES, gdSteps, type Instance, makeInstance, QUICK_CASES, type Task } from "./workload.js";

/** One JSON line of `--json` output: exactly these keys, in this order. */
export interface JsonRow {
  /** Which task. */
  readonly task: Task;
  /** n·d (the order of H; for gd-steps the number of outputs). */
  readonly nd: number;
  /** Width m, or null where the task has none (lambda-min). */
  readonly m: number | null;
  /** Our median time in milliseconds. */
  readonly oursMs: number;
  /** numpy's median time in milliseconds, or null when the peer was skipped. */
  readonly numpyMs: number | null;
  /** oursMs / numpyMs, or null when the peer was skipped. */
  readonly ratio: number | null;
}

/** A way to compute λ_min of a dense symmetric matrix, with how to label it. */
export interface LambdaMinSolver {
  /** Label in the table. */
  readonly impl: string;
  /** True when this is the ml-matrix stand-in for a missing `extremeEigenpairs`. */
  readonly fallback: boolean;
  /** Why the fallback was used (null when it was not). */
  readonly reason: string | null;
  /** λ_min(H), or null when the solver's result does not expose it as `lambdaMin`. */
  readonly lambdaMin: (H: Dense) => number | null;
}

/** λ_min(H) from ml-matrix's symmetric eigenvalue decomposition (conversion from {@link Dense} included). */
export function mlMatrixLambdaMin(H: Dense): number {
  const evd = new EigenvalueDecomposition(toMatrix(H), { assumeSymmetric: true });
  return Math.min(...evd.realEigenvalues);
}

/** The ml-matrix EVD as a solver (fallback or reference). */
function mlMatrixSolver(impl: string, fallback: boolean, reason: string | null): LambdaMinSolver {
  return { impl, fallback, reason, lambdaMin: mlMatrixLambdaMin };
}

/** Type guard: an object with an `extremeEigenpairs` function. */
function hasExtremeEigenpairs(mod: unknown): mod is { extremeEigenpairs: (H: Dense) => unknown } {
  return typeof mod === "object" && mod !== null && typeof (mod as { extremeEigenpairs?: unknown }).extremeEigenpairs === "function";
}

/**
 * Loads `extremeEigenpairs` from `src/linalg/spectrum.ts` (compiled beside this file's `src/` tree) if it
 * exists, else returns ml-matrix's EVD labelled as a fallback with the reason. A compiled module whose source
 * has gone is treated as missing (stale build output).
 */
export async function loadLambdaMinSolver(): Promise<LambdaMinSolver> {
  const compiled = new URL("../src/linalg/spectrum.js", import.meta.url);
  const source = new URL("../../src/linalg/spectrum.ts", import.meta.url);
  const fallback = (reason: string): LambdaMinSolver => mlMatrixSolver("ml-matrix EVD (fallback)", true, reason);
  if (!existsSync(fileURLToPath(source))) return fallback("src/linalg/spectrum.ts does not exist yet");
  if (!existsSync(fileURLToPath(compiled))) return fallback("src/linalg/spectrum.ts is not compiled (run `npm run build`)");
  let mod: unknown;
  try {
    mod = await import(compiled.href);
  } catch (err) {
    return fallback(`importing src/linalg/spectrum.js failed: ${(err as Error).message}`);
  }
  if (!hasExtremeEigenpairs(mod)) return fallback("src/linalg/spectrum.js does not export extremeEigenpairs");
  const solve = mod.extremeEigenpairs;
  return {
    impl: "extremeEigenpairs",
    fallback: false,
    reason: null,
    lambdaMin: (H: Dense): number | null => {
      const result: unknown = solve(H);
      const value = typeof result === "object" && result !== null ? (result as { lambdaMin?: unknown }).lambdaMin : undefined;
      return typeof value === "number" ? value : null;
    },
  };
}

/** One measured row of the report. */
interface Row {
  readonly benchCase: BenchCase;
  readonly impl: string;
  /** False for reference rows (ml-matrix's EVD) that appear in the human table only, not in the JSON lines. */
  readonly primary: boolean;
  readonly ours: Timing;
  /**
   * The value the implementation computed (‖H‖_F for assembly, λ_min for lambda-min, ‖W_final‖_F for
   * gd-steps), for cross-checks.
   */
  readonly value: number | null;
  readonly numpy: PeerResult | null;
}

/** Options after parsing the command line. */
interface Cli {
  readonly json: boolean;
  readonly quick: boolean;
  readonly reps: number | null;
  readonly seed: number;
  readonly python: string;
  readonly numpy: boolean;
  readonly numpyThreads: number | null;
  readonly standard: boolean;
}

/** The data seed used unless `--seed` says otherwise. */
const DEFAULT_SEED = "20240503";

const USAGE = `usage: npm run bench -- [--quick] [--json] [--reps K] [--seed S] [--python EXE] [--no-numpy] [--numpy-threads T] [--standard]
  --quick      small sizes (nd ∈ {32, 64}, m = 512; 10 descent steps) and ${MIN_REPS} repetitions: a smoke run
  --json       one JSON object per row on stdout (progress and notes go to stderr)
  --reps K     timed repetitions per case (≥ ${MIN_REPS}; default 5, or ${MIN_REPS} with --quick)
  --seed S     data seed (default ${DEFAULT_SEED})
  --python EXE interpreter for the numpy peer (default python3)
  --no-numpy   skip the numpy peer
  --numpy-threads T  pin numpy's BLAS to T threads (default: numpy's own choice; ours uses 2 threads for the Gram matrix only)
  --standard   also time one \`softmax-ntk verify --profile standard --no-report\` (takes minutes)`;

/** The raw parseArgs call (strict: unknown flags and positionals are refused). */
function parseRaw(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      json: { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
      reps: { type: "string" },
      seed: { type: "string", default: DEFAULT_SEED },
      python: { type: "string", default: "python3" },
      "no-numpy": { type: "boolean", default: false },
      "numpy-threads": { type: "string" },
      standard: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
}

/** Parses argv with node:util parseArgs; exits with status 2 and the usage on bad input. */
function parseCli(argv: readonly string[]): Cli {
  let parsed: ReturnType<typeof parseRaw>;
  try {
    parsed = parseRaw(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  let reps: number | null = null;
  if (values.reps !== undefined) {
    reps = Number(values.reps);
    if (!Number.isInteger(reps) || reps < MIN_REPS) {
      process.stderr.write(`--reps must be an integer ≥ ${MIN_REPS}, got ${values.reps}\n`);
      process.exit(2);
    }
  }
  let numpyThreads: number | null = null;
  if (values["numpy-threads"] !== undefined) {
    numpyThreads = Number(values["numpy-threads"]);
    if (!Number.isInteger(numpyThreads) || numpyThreads < 1) {
      process.stderr.write(`--numpy-threads must be a positive integer, got ${values["numpy-threads"]}\n`);
      process.exit(2);
    }
  }
  const seed = Number(values.seed ?? DEFAULT_SEED);
  try {
    checkSeed(seed);
  } catch (err) {
    process.stderr.write(`--seed: ${(err as Error).message}\n`);
    process.exit(2);
  }
  return {
    json: values.json ?? false,
    quick: values.quick ?? false,
    reps,
    seed,
    python: values.python ?? "python3",
    numpy: !(values["no-numpy"] ?? false),
    numpyThreads,
    standard: values.standard ?? false,
  };
}

/** Formats a time in milliseconds (0, 1 or 2 decimals depending on its size). */
function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** Pads every column of a table to its widest cell (numbers right-aligned). */
function renderTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (rightAligned[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Keeps results alive so the timed work cannot be dropped as dead code. */
let blackhole = 0;

/** Largest nd at which ml-matrix's EVD is timed as a reference row (it is O(n³) with a large constant). */
const REFERENCE_MAX_ND = 512;

/** Label of a case's size in progress lines and the table. */
function sizeTag(c: BenchCase): string {
  const { n, d, m } = c.size;
  return `nd=${n * d} (n=${n}, d=${d}), m=${m}${c.steps === null ? "" : `, ${c.steps} steps`}`;
}

/** The compiled CLI entry `bin/softmax-ntk.js` (this file runs from dist/bench/). */
const CLI_ENTRY = fileURLToPath(new URL("../../bin/softmax-ntk.js", import.meta.url));

/**
 * Wall time of one `softmax-ntk verify --profile standard --no-report` in a child process (its report goes
 * nowhere); null with the reason when it failed.
 */
function timeStandardProfile(): { readonly ms: number | null; readonly note: string } {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, [CLI_ENTRY, "verify", "--profile", "standard", "--no-report"], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const elapsed = performance.now() - t0;
  if (child.error) return { ms: null, note: `could not start: ${child.error.message}` };
  // verify exits 1 when a claim is violated and 3 when verdicts are only inconclusive: results, not failures.
  if (child.status !== 0 && child.status !== 1 && child.status !== 3) {
    return { ms: null, note: `exit status ${child.status}: ${child.stderr.trim().split("\n").pop() ?? ""}` };
  }
  return { ms: elapsed, note: `exit status ${child.status}` };
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const note = (text: string): void => {
    (cli.json ? process.stderr : process.stdout).write(`${text}\n`);
  };
  const progress = (text: string): void => {
    process.stderr.write(`${text}\n`);
  };

  const cases = cli.quick ? QUICK_CASES : FULL_CASES;
  const timing: TimingOptions = {
    reps: cli.reps ?? (cli.quick ? MIN_REPS : 5),
    warmup: 2,
    slowMs: cli.quick ? Infinity : 5000,
  };
  const loadBefore = loadavg()[0];
  const solver = await loadLambdaMinSolver();
  const reference = mlMatrixSolver("ml-matrix EVD (reference)", false, null);
  if (solver.fallback) note(`lambda-min: ${solver.reason}; timing ml-matrix's symmetric EVD in its place (labelled "fallback").`);

  const instances = new Map<string, Instance>();
  const instanceOf = (c: BenchCase): Instance => {
    const key = `${c.size.n}:${c.size.d}:${c.size.m}`;
    let inst = instances.get(key);
    if (inst === undefined) {
      inst = makeInstance(c.size, cli.seed);
      instances.set(key, inst);
    }
    return inst;
  };
  const rows: Row[] = [];
  for (const c of cases) {
    const inst = instanceOf(c);
    const tag = sizeTag(c);
    if (c.task === "ntk-assembly") {
      progress(`timing ntk-assembly ${tag} …`);
      const t = timeMedian(() => empiricalNtk(inst.X, inst.weights, "softmax"), timing, (H) => {
        blackhole += H.data[0];
      });
      const value = frobenius(empiricalNtk(inst.X, inst.weights, "softmax"));
      rows.push({ benchCase: c, impl: "empiricalNtk", primary: true, ours: t, value, numpy: null });
    } else if (c.task === "lambda-min") {
      const H = empiricalNtk(inst.X, inst.weights, "softmax");
      // ml-matrix's EVD takes half a minute per run at nd = 1024: its reference row stops at nd = 512.
      const solvers = c.size.n * c.size.d <= REFERENCE_MAX_ND ? [solver, reference] : [solver];
      for (const s of solvers) {
        progress(`timing lambda-min [${s.impl}] ${tag} …`);
        const t = timeMedian(() => s.lambdaMin(H), timing, (v) => {
          blackhole += v ?? 0;
        });
        rows.push({ benchCase: c, impl: s.impl, primary: s === solver, ours: t, value: s.lambdaMin(H), numpy: null });
      }
    } else {
      const steps = c.steps ?? 0;
      progress(`timing gd-steps ${tag} …`);
      const t = timeMedian(() => gdSteps(inst, steps), timing, (W) => {
        blackhole += W.data[0];
      });
      rows.push({ benchCase: c, impl: "gradient + update", primary: true, ours: t, value: frobenius(gdSteps(inst, steps)), numpy: null });
    }
  }

  let peer: PeerOutcome;
  if (!cli.numpy) peer = { ok: false, reason: "--no-numpy given" };
  else {
    progress(`running the numpy peer (${cli.python}; ${UNSET_FOR_PEER.join(" and ")} removed from its environment only) …`);
    peer = runNumpyPeer(cli.python, cases.map((c) => ({ benchCase: c, instance: instanceOf(c) })), timing, cli.numpyThreads);
  }
  if (peer.ok) {
    note(`numpy peer BLAS: ${describeBlas(peer.output)}`);
    const results = peer.output.results;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      const { task, size } = r.benchCase;
      const match = results.find((p) => p.task === task && p.n === size.n && p.d === size.d && p.m === size.m) ?? null;
      rows[k] = { ...r, numpy: match };
    }
  } else {
    note(`numpy peer skipped: ${peer.reason}`);
  }

  let standard: { readonly ms: number | null; readonly note: string } | null = null;
  if (cli.standard) {
    progress("timing `softmax-ntk verify --profile standard --no-report` once (minutes) …");
    standard = timeStandardProfile();
  }

  // Timings on a shared machine are only as good as its idleness: report the load and warn when it was busy.
  const loadAfter = loadavg()[0];
  const cores = availableParallelism();
  // Heuristic: other work before we started, or more than this run itself (≤ one core, numpy's BLAS threads at
  // the end) in the minute after.
  const busy = loadBefore > 0.5 * cores || loadAfter > cores + 0.5;
  note(
    `1-minute load average before/after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} on ${cores} cores` +
      (busy ? " — WARNING: the machine was busy, timings (numpy's multi-threaded BLAS especially) are unreliable" : ""),
  );

  if (cli.json) {
    for (const r of rows) {
      if (!r.primary) continue;
      const numpyMs = r.numpy === null ? null : r.numpy.medianMs;
      const { task, size } = r.benchCase;
      const row: JsonRow = {
        task,
        nd: size.n * size.d,
        m: task === "lambda-min" ? null : size.m,
        oursMs: r.ours.medianMs,
        numpyMs,
        ratio: numpyMs === null ? null : r.ours.medianMs / numpyMs,
      };
      process.stdout.write(`${JSON.stringify(row)}\n`);
    }
    if (standard !== null) note(`standard profile wall time: ${standard.ms === null ? "failed" : `${ms(standard.ms)} ms`} (${standard.note})`);
  } else {
    const header = ["task", "impl", "nd", "n×d", "m", "reps", "ours median ms", "spread", "numpy median ms", "ours/numpy", "CPU ms ours/numpy", "CPU ratio"];
    const body = rows.map((r) => {
      const numpyMs = r.numpy === null ? null : r.numpy.medianMs;
      const { task, size } = r.benchCase;
      const reps = `${r.ours.reps}${r.ours.reduced ? "*" : ""}${r.numpy === null ? "" : `/${r.numpy.reps}${r.numpy.reduced ? "*" : ""}`}`;
      const spread = `${ms(r.ours.minMs)}–${ms(Math.max(...r.ours.samplesMs))}`;
      return [
        task,
        r.impl,
        String(size.n * size.d),
        `${size.n}×${size.d}`,
        task === "lambda-min" ? `(${size.m})` : String(size.m),
        reps,
        ms(r.ours.medianMs),
        spread,
        numpyMs === null ? "—" : ms(numpyMs),
        numpyMs === null ? "—" : (r.ours.medianMs / numpyMs).toFixed(2),
        `${ms(r.ours.cpuMedianMs)}/${r.numpy === null ? "—" : ms(r.numpy.cpuMedianMs)}`,
        r.numpy === null ? "—" : (r.ours.cpuMedianMs / r.numpy.cpuMedianMs).toFixed(2),
      ];
    });
    note("");
    note(renderTable(header, body, [false, false, true, true, true, true, true, true, true, true, true, true]));
    note("");
    note(
      `Medians of ${timing.reps} timed runs after ${timing.warmup} warm-up run(s)` +
        (Number.isFinite(timing.slowMs) ? `; a case whose warm-up took over ${timing.slowMs} ms runs ${MIN_REPS} (marked *)` : "") +
        ". reps column: ours/numpy; spread: fastest–slowest of ours. Ours is JavaScript and WebAssembly on one thread, except the" +
        " Gram matrix of ntk-assembly (2 threads on a 2-core machine); numpy runs its BLAS with the threads reported above. lambda-min runs on the H of the m in parentheses. CPU columns: median process" +
        " CPU time per run (all threads together, on both sides), steadier than wall time on a busy machine; with" +
        " --numpy-threads 1 the CPU ratio approximates the single-core wall ratio of an idle machine.",
    );
    if (solver.fallback) note(`lambda-min "fallback" row: ${solver.reason}.`);
    if (standard !== null) {
      note(`standard profile (\`softmax-ntk verify --profile standard --no-report\`, one run): ${standard.ms === null ? "failed" : `${ms(standard.ms)} ms`} (${standard.note})`);
    }
    // Cross-checks: both sides computed the same quantities on the same matrices.
    const what: Record<Task, string> = { "ntk-assembly": "‖H‖_F", "lambda-min": "λ_min", "gd-steps": "‖W_final‖_F" };
    note("Cross-checks (same matrices on both sides):");
    for (const r of rows) {
      const { task, size } = r.benchCase;
      const ours = r.value === null ? "not exposed" : r.value.toPrecision(10);
      const theirs = r.numpy === null ? "" : `, numpy ${r.numpy.value.toPrecision(10)}`;
      const rel = r.value !== null && r.numpy !== null ? ` (rel. diff ${(Math.abs(r.value - r.numpy.value) / Math.abs(r.value)).toExponential(1)})` : "";
      note(`  ${task} nd=${size.n * size.d} m=${size.m} [${r.impl}]: ${what[task]} ours ${ours}${theirs}${rel}`);
    }
  }
  if (!Number.isFinite(blackhole)) progress("(non-finite result seen while timing)");
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
