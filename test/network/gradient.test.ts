/**
 * SPEC I1: the analytic gradient equals central finite differences, over generated small problems of every
 * variant. The check and its derived tolerance live in properties/implementation.ts (`checkGradient`), shared
 * with the registered claim I1.
 */
import { describe, expect } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { checkGradient } from "../../properties/implementation.js";
import { smallProblem } from "../../properties/arbitraries/smallProblem.js";

describe("I1 gradient = central finite differences", () => {
  test.prop([smallProblem({ maxN: 4, maxD: 3, maxM: 8 }), fc.integer({ min: 0, max: 0xffffffff })], { numRuns: 200 })(
    "directional derivative ⟨∇L, V⟩ matches the Richardson-checked central difference",
    (problem, directionSeed) => {
      const outcome = checkGradient({ problem, directionSeed });
      fc.pre(outcome.status !== "unmet");
      if (outcome.status === "violated") expect.fail(outcome.detail);
    },
  );
});
