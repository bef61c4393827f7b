/**
 * External implementations (`src/implementation/external.ts`): a module is loaded in a worker and called
 * synchronously; load problems are `ImplementationLoadError`s, and every failure during a call (throw, time-out,
 * wrong shape, non-finite number) is an `ImplementationError` with a one-line message naming the method.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImplementationError } from "../../src/implementation/error.js";
import { ImplementationLoadError, loadExternalImplementation } from "../../src/implementation/external.js";
import { REFERENCE_IMPLEMENTATION } from "../../src/implementation/reference.js";
import { maxAbs, subtract } from "../../src/linalg/dense.js";
import { buildSmallProblem } from "../../properties/arbitraries/smallProblem.js";

let dir = "";
function moduleFile(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "softmax-ntk-external-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXAMPLE = new URL("../../examples/softmax-network.mjs", import.meta.url).pathname;
const problem = buildSmallProblem({ n: 3, d: 2, m: 4, sigma: 1, init: "iid", activation: "softmax", scale: "m", seed: 5 });

describe("loading", () => {
  it.each([
    ["no-default.mjs", "export const x = 1;", /has no default export/],
    ["function.mjs", "export default function f() {}", /default export is a function, expected an object/],
    ["no-name.mjs", "export default { forward() {} };", /name is a undefined, expected a non-empty string/],
    ["empty-name.mjs", "export default { name: '', forward() {} };", /name is empty/],
    ["no-forward.mjs", "export default { name: 'x' };", /forward is missing, expected a function/],
    ["bad-gradient.mjs", "export default { name: 'x', forward() {}, gradient: 3 };", /gradient is a number, expected a function or nothing/],
    ["throws.mjs", "throw new RangeError('bad at load');", /does not load: RangeError: bad at load/],
    ["syntax.mjs", "export default {", /does not load: SyntaxError/],
  ])("%s is refused with a one-line message", (name, source, message) => {
    const path = moduleFile(name, source);
    expect(() => loadExternalImplementation(path, 5000)).toThrow(ImplementationLoadError);
    expect(() => loadExternalImplementation(path, 5000)).toThrow(message);
  });

  it("refuses TypeScript, missing files and modules that hang while loading", () => {
    expect(() => loadExternalImplementation(moduleFile("impl.ts", "export default {}"))).toThrow(/Node 20 cannot import TypeScript; compile it first/);
    expect(() => loadExternalImplementation(join(dir, "missing.mjs"))).toThrow(/no such file/);
    expect(() => loadExternalImplementation(moduleFile("hang.mjs", "for (;;) {}"), 300)).toThrow(/loading timed out after 300 ms/);
  });

  it("loads CommonJS and async implementations; results match the reference within rounding", () => {
    const cjs = loadExternalImplementation(moduleFile("impl.cjs", "module.exports = { name: 'cjs', forward: async (X, W, A) => X.map(() => A.map(() => 0)) };"));
    expect(cjs.methods).toEqual(["forward"]);
    expect(Array.from(cjs.forward(problem.X, problem.weights, problem.options).data)).toEqual([0, 0, 0, 0, 0, 0]);
    cjs.close();
    const example = loadExternalImplementation(EXAMPLE);
    expect(example.name).toBe("example softmax network");
    expect(example.methods).toEqual(["forward", "gradient", "ntk"]);
    const F = example.forward(problem.X, problem.weights, problem.options);
    const Fref = REFERENCE_IMPLEMENTATION.forward(problem.X, problem.weights, problem.options);
    // |F| ≤ m·Σ|a|S ≤ 4; a few dozen roundings of that size at most.
    expect(maxAbs(subtract(F, Fref))).toBeLessThanOrEqual(64 * Number.EPSILON * 4);
    example.close();
  });
});

describe("calls", () => {
  function failing(source: string, timeoutMs = 5000) {
    return loadExternalImplementation(moduleFile(`m${Math.random().toString(36).slice(2)}.mjs`, source), timeoutMs);
  }
  const call = (impl: ReturnType<typeof failing>) => () => impl.forward(problem.X, problem.weights, problem.options);

  it.each([
    ["X.slice(1).map(() => [0, 0])", 'implementation "bad": forward returned F with 2 rows, expected n = 3'],
    ["X.map(() => [0])", 'implementation "bad": forward returned F[0] with 1 entries, expected d = 2'],
    ["X.map((_, i) => (i === 2 ? [0, NaN] : [0, 0]))", 'implementation "bad": forward returned NaN at F[2][1]'],
    ["X.map(() => [0, Infinity])", 'implementation "bad": forward returned Infinity at F[0][1]'],
    ["X.map(() => [0, '1'])", 'implementation "bad": forward returned a string "1" at F[0][1], expected a number'],
    ["new Float64Array(6)", 'implementation "bad": forward returned F that is a Float64Array, expected an array of 3 rows'],
    ["undefined", 'implementation "bad": forward returned F that is undefined, expected an array of 3 rows'],
    ["X.map(() => null)", 'implementation "bad": forward returned F[0] that is null, expected an array of 2 numbers'],
    ["(() => { throw new TypeError('x is not a function'); })()", 'implementation "bad": forward threw TypeError: x is not a function'],
    ["Promise.reject(new Error('async\\nfailure'))", 'implementation "bad": forward threw Error: async failure'],
    ["X.map(() => [() => 1, 0])", 'implementation "bad": forward returned a value that cannot be passed between threads: '],
  ])("forward returning %s fails with a one-line ImplementationError", (body, message) => {
    const impl = failing(`export default { name: "bad", forward(X, W, A, opts) { return ${body}; } };`);
    expect(call(impl)).toThrow(ImplementationError);
    expect(call(impl)).toThrow(message);
    impl.close();
  });

  it("a hanging method times out once, is not called again, and other methods keep working in a fresh worker", () => {
    const impl = failing(
      `export default { name: "slow", forward(X, W, A) { return X.map(() => A.map(() => 0)); }, gradient() { for (;;) {} } };`,
      300,
    );
    const gradient = () => impl.gradient!(problem.X, problem.Y, problem.weights, problem.options);
    const t0 = performance.now();
    expect(gradient).toThrow('implementation "slow": gradient timed out after 300 ms');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(299);
    const t1 = performance.now();
    expect(gradient).toThrow('implementation "slow": gradient timed out earlier (after 300 ms); not called again');
    expect(performance.now() - t1).toBeLessThan(50);
    expect(impl.forward(problem.X, problem.weights, problem.options).rows).toBe(3);
    impl.close();
  });

  it("checks the gradient's d×m and the NTK's nd×nd shapes", () => {
    const impl = failing(`export default { name: "shapes", forward: (X) => X.map(() => [0, 0]), gradient: (X, Y, W) => W.slice(1), ntk: (X) => X.map(() => X.map(() => 0)) };`);
    expect(() => impl.gradient!(problem.X, problem.Y, problem.weights, problem.options)).toThrow('gradient returned grad with 1 rows, expected d = 2');
    expect(() => impl.ntk!(problem.X, problem.weights, problem.options)).toThrow('ntk returned H with 3 rows, expected n·d = 6');
    impl.close();
  });
});
