/**
 * `verify --impl MODULE`: a user's network implementation, loaded from a JavaScript module and run in a worker
 * thread, seen by the (synchronous) claims engine as a {@link NetworkImplementation}.
 *
 * The module default-exports `{ name, forward(X, W, A, opts), gradient?(X, Y, W, A, opts), ntk?(X, W, A, opts) }`
 * with matrices as `number[][]` in SPEC shapes (X n×d, Y n×d, W d×m, A d×m; F n×d, ∇_W L d×m, H nd×nd
 * output-major, row/column (ℓ, i) ↦ ℓ·n + i) and `opts = { activation, scale }`; methods may be synchronous or
 * return a Promise. TypeScript sources (.ts, .mts, .cts) are refused with a hint to compile them: Node 20 cannot
 * strip types, and bundling a compiler here would cost more than it saves.
 *
 * Synchronous calls: each call posts `{method, args}` on a MessageChannel to the worker and blocks on
 * `Atomics.wait` on a SharedArrayBuffer flag for at most the time-out; the worker posts the reply, then sets
 * the flag and notifies; the caller takes the reply with `receiveMessageOnPort`. On a time-out the worker is
 * terminated and a fresh one is started for the next call.
 *
 * Time-out rule: a method that has timed out once is not called again in this run: later calls of it throw at
 * once (`… gradient timed out earlier (after 5000 ms); not called again`). So a hanging method costs the time-out
 * once per run, not once per case, shrink step, claim or variant; every claim that needs it is still reported
 * `violated` with that reason. Other methods keep running in the fresh worker.
 *
 * Every reply is validated: an array of arrays of the exact shape (expected vs got named), entries finite
 * numbers (the first bad entry named, e.g. `F[2][1]`). Failures throw {@link ImplementationError}.
 *
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { type Dense, toRows } from "../linalg/dense.js";
import type { NetworkOptions, Weights } from "../network/types.js";
import { ImplementationError } from "./error.js";
import { type ImplementationMethod, type NetworkImplementation, providedMethods } from "./types.js";

/** Default per-call time-out (ms). */
export const DEFAULT_IMPL_TIMEOUT_MS = 5000;

/** Why a module could not be loaded (the CLI reports it with exit status 2). */
export class ImplementationLoadError extends Error {
  /** A load error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "ImplementationLoadError";
  }
}

/** A loaded external implementation: a {@link NetworkImplementation} plus where it came from and a way to stop its worker. */
export interface ExternalImplementation extends NetworkImplementation {
  /** The module path as given. */
  readonly module: string;
  /** The methods the module provides, in report order. */
  readonly methods: readonly ImplementationMethod[];
  /** Terminates the worker (later calls start a fresh one). */
  close(): void;
}

/**
 * The worker's program (CommonJS, evaluated; dynamic `import()` loads the user's ES or CommonJS module). A
 * `describe` request reports the default export's shape; a method request calls it, awaits a Promise, and
 * replies `{ok: true, value}` or `{ok: false, error: "TypeError: …"}`. The reply is posted before the flag is
 * set, so the waiting caller always finds it.
 */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { port, flag, url } = workerData;
const signal = new Int32Array(flag);
const loaded = import(url).then((ns) => ns.default);
loaded.catch(() => {}); // reported on the first request, not as an unhandled rejection that ends the worker
function reply(msg) {
  try { port.postMessage(msg); }
  catch (e) { port.postMessage({ ok: false, unclonable: true, error: String(e && e.message) }); }
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
function describeError(e) {
  if (e instanceof Error) return e.name + ": " + e.message;
  return "a non-Error value: " + String(e);
}
port.on("message", async (req) => {
  let impl;
  try { impl = await loaded; }
  catch (e) { reply({ ok: false, load: true, error: describeError(e) }); return; }
  if (req.method === "describe") {
    const kind = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
    const shape = impl !== null && typeof impl === "object"
      ? { kind: "object", name: kind(impl.name), nameValue: typeof impl.name === "string" ? impl.name : null,
          forward: kind(impl.forward), gradient: kind(impl.gradient), ntk: kind(impl.ntk) }
      : { kind: kind(impl) };
    reply({ ok: true, value: shape });
    return;
  }
  try { reply({ ok: true, value: await impl[req.method](...req.args) }); }
  catch (e) { reply({ ok: false, error: describeError(e) }); }
});
`;

interface Reply {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
  readonly load?: boolean;
  /** The method returned something structured clone cannot copy (e.g. a function). */
  readonly unclonable?: boolean;
}

/** The parent's Node flags minus `--input-type` (which would turn the CommonJS worker program into an ES module). */
function workerExecArgv(): string[] {
  return process.execArgv.filter((a, k, all) => !a.startsWith("--input-type") && all[k - 1] !== "--input-type");
}

/** A worker thread running the module, called synchronously. */
class SyncWorker {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private flag = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly url: string) {}

  private start(): { worker: Worker; port: MessagePort } {
    if (this.worker !== null && this.port !== null) return { worker: this.worker, port: this.port };
    const { port1, port2 } = new MessageChannel();
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag: this.flag.buffer, url: this.url }, transferList: [port2], execArgv: workerExecArgv(), stdout: true });
    // The module's console output goes to stderr, never into `verify --json`'s stdout.
    worker.stdout.pipe(process.stderr);
    // Neither keeps the process alive; errors outside a call (e.g. an unhandled rejection in the module) end the
    // worker, and the next call times out or finds it gone.
    worker.unref();
    port1.unref();
    worker.on("error", () => {});
    this.worker = worker;
    this.port = port1;
    return { worker, port: port1 };
  }

  /** Sends `{method, args}` and waits up to `timeoutMs`; `null` on time-out (the worker is then terminated). */
  call(method: string, args: readonly unknown[], timeoutMs: number): Reply | null {
    const { port } = this.start();
    Atomics.store(this.flag, 0, 0);
    port.postMessage({ method, args });
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const left = deadline - performance.now();
      if (Atomics.load(this.flag, 0) === 1) break;
      if (left <= 0) {
        this.close();
        return null;
      }
      Atomics.wait(this.flag, 0, 0, left);
    }
    const got = receiveMessageOnPort(port);
    if (got === undefined) throw new Error(`worker signalled a reply to ${method} but none arrived`);
    return got.message as Reply;
  }

  close(): void {
    void this.worker?.terminate();
    this.port?.close();
    this.worker = null;
    this.port = null;
  }
}

/** `value` as a `rows × cols` Dense, or an {@link ImplementationError} naming the first problem (`what` e.g. `F`). */
export function denseReply(impl: string, method: string, what: string, value: unknown, rows: number, cols: number, rowName: string, colName: string): Dense {
  const fail = (problem: string): never => {
    throw new ImplementationError(impl, `${method} returned ${problem}`);
  };
  if (!Array.isArray(value)) fail(`${what} that is ${describeValue(value)}, expected an array of ${rows} rows`);
  const arr = value as unknown[];
  if (arr.length !== rows) fail(`${what} with ${arr.length} rows, expected ${rowName} = ${rows}`);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = arr[i];
    if (!Array.isArray(row)) fail(`${what}[${i}] that is ${describeValue(row)}, expected an array of ${cols} numbers`);
    const r = row as unknown[];
    if (r.length !== cols) fail(`${what}[${i}] with ${r.length} entries, expected ${colName} = ${cols}`);
    for (let j = 0; j < cols; j++) {
      const x = r[j];
      if (typeof x !== "number") fail(`${describeValue(x)} at ${what}[${i}][${j}], expected a number`);
      if (!Number.isFinite(x)) fail(`${String(x)} at ${what}[${i}][${j}]`);
      out[i * cols + j] = x as number;
    }
  }
  return { rows, cols, data: out };
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return `an array`;
  if (typeof v === "object") return `a ${(v as object).constructor?.name ?? "object"}`;
  if (typeof v === "string") return `a string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  return `a ${typeof v}`;
}

/** Refuses paths Node 20 cannot import or that do not exist (one-line messages). */
function checkModulePath(path: string): string {
  if (/\.(c|m)?tsx?$/i.test(path)) {
    throw new ImplementationLoadError(`cannot load "${path}": Node 20 cannot import TypeScript; compile it first (e.g. npx tsc --module nodenext --target es2022 ${path}) and pass the .js file`);
  }
  const abs = resolve(path);
  if (!existsSync(abs)) throw new ImplementationLoadError(`cannot load "${path}": no such file`);
  if (!statSync(abs).isFile()) throw new ImplementationLoadError(`cannot load "${path}": not a file`);
  return pathToFileURL(abs).href;
}

/**
 * Loads `path` in a worker and validates its default export (an object with a string `name`, a function
 * `forward`, and `gradient` / `ntk` functions when present). Blocks for at most `timeoutMs` while the module loads.
 *
 * @throws ImplementationLoadError with a one-line message when the module does not load or is not a valid implementation.
 */
export function loadExternalImplementation(path: string, timeoutMs: number = DEFAULT_IMPL_TIMEOUT_MS): ExternalImplementation {
  const worker = new SyncWorker(checkModulePath(path));
  const described = worker.call("describe", [], timeoutMs);
  const bad = (problem: string): never => {
    worker.close();
    throw new ImplementationLoadError(`"${path}": ${problem}`);
  };
  if (described === null) bad(`loading timed out after ${timeoutMs} ms`);
  const d = described as Reply;
  if (!d.ok) bad(`does not load: ${d.error ?? "unknown error"}`);
  const shape = d.value as { kind: string; name?: string; nameValue?: string | null; forward?: string; gradient?: string; ntk?: string };
  if (shape.kind === "undefined") bad("has no default export (expected `export default { name, forward, gradient?, ntk? }`)");
  if (shape.kind !== "object") bad(`default export is ${shape.kind === "function" ? "a function" : `a ${shape.kind}`}, expected an object { name, forward, gradient?, ntk? }`);
  if (shape.name !== "string" || shape.nameValue === "" || shape.nameValue === null || shape.nameValue === undefined) bad(`default export's name is ${shape.name === "string" ? "empty" : `a ${shape.name}`}, expected a non-empty string`);
  if (shape.forward !== "function") bad(`default export's forward is ${shape.forward === "undefined" ? "missing" : `a ${shape.forward}`}, expected a function`);
  for (const m of ["gradient", "ntk"] as const) {
    if (shape[m] !== "undefined" && shape[m] !== "function") bad(`default export's ${m} is a ${shape[m]}, expected a function or nothing`);
  }
  return externalImplementation(worker, path, shape.nameValue as string, shape.gradient === "function", shape.ntk === "function", timeoutMs);
}

function externalImplementation(worker: SyncWorker, module: string, name: string, hasGradient: boolean, hasNtk: boolean, timeoutMs: number): ExternalImplementation {
  const timedOut = new Set<string>();
  const call = (method: ImplementationMethod, args: unknown[]): unknown => {
    if (timedOut.has(method)) throw new ImplementationError(name, `${method} timed out earlier (after ${timeoutMs} ms); not called again`);
    const reply = worker.call(method, args, timeoutMs);
    if (reply === null) {
      timedOut.add(method);
      throw new ImplementationError(name, `${method} timed out after ${timeoutMs} ms`);
    }
    if (!reply.ok) {
      const what = reply.load === true ? "could not load the module:" : reply.unclonable === true ? "returned a value that cannot be passed between threads:" : "threw";
      throw new ImplementationError(name, `${method} ${what} ${oneLineText(reply.error ?? "")}`);
    }
    return reply.value;
  };
  const plain = (weights: Weights) => [toRows(weights.W), toRows(weights.A)];
  const options = (opts: NetworkOptions) => ({ activation: opts.activation, scale: opts.scale });
  const impl: ExternalImplementation = {
    name,
    reference: false,
    module,
    methods: [],
    forward: (X, weights, opts) => denseReply(name, "forward", "F", call("forward", [toRows(X), ...plain(weights), options(opts)]), X.rows, X.cols, "n", "d"),
    ...(hasGradient
      ? {
          gradient: (X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions) =>
            denseReply(name, "gradient", "grad", call("gradient", [toRows(X), toRows(Y), ...plain(weights), options(opts)]), weights.W.rows, weights.W.cols, "d", "m"),
        }
      : {}),
    ...(hasNtk
      ? {
          ntk: (X: Dense, weights: Weights, opts: NetworkOptions) =>
            denseReply(name, "ntk", "H", call("ntk", [toRows(X), ...plain(weights), options(opts)]), X.rows * X.cols, X.rows * X.cols, "n·d", "n·d"),
        }
      : {}),
    close: () => worker.close(),
  };
  return { ...impl, methods: providedMethods(impl) };
}

function oneLineText(s: string): string {
  const line = s.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
