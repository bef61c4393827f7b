/**
 * I6: the fast extreme-eigenpair path (`extremeEigenpairs`: Householder tridiagonalisation, Sturm bisection,
 * inverse iteration) agrees with ml-matrix's symmetric EVD on λ_min and λ_max within eigenvalueTolerance(H) =
 * 8·n·ε·‖H‖_F, and its eigenvectors have residual ‖Hv − λv‖ (recomputed here from the returned vector) within the
 * same tolerance; its derivation is in `src/linalg/spectrum.ts` (both solvers backward stable, Weyl's inequality,
 * the residual's own rounding). Matrices: kernels H produced by the implementation under test (so the claim runs
 * under `verify --impl` when `ntk` is provided), and awkward symmetric matrices (Gaussian, rank-deficient Gram,
 * repeated diagonals, clustered spectra at scales 1, 10⁻⁸, 10⁸; `properties/arbitraries/symmetricMatrix.ts`).
 *
 * @module
 */
import fc from "fast-check";
import type { NetworkImplementation } from "../../src/implementation/types.js";
import type { Dense } from "../../src/linalg/dense.js";
import { type ExtremeEigenpairs, assertSymmetricInput, eigenvalueTolerance, extremeEigenpairs, residualNorm, symmetricEigenvaluesReference } from "../../src/linalg/spectrum.js";
import type { Activation } from "../../src/network/types.js";
import { type SmallProblem, smallProblem } from "../arbitraries/smallProblem.js";
import { type SymmetricMatrixCase, symmetricMatrix } from "../arbitraries/symmetricMatrix.js";
import { type RegisteredClaim, defineClaim } from "../engine/registry.js";
import { fmt } from "../engine/run.js";
import type { CaseOutcome } from "../engine/types.js";
import { ACTIVATION_VARIANTS } from "../engine/variants.js";

/** The eigen-solver under test (the seam of the mutation tests). */
export type ExtremeEigenSolver = (H: Dense) => ExtremeEigenpairs;

/** A kernel matrix of the implementation (`ntk`), or an awkward symmetric matrix. */
export type SpectrumCase = { readonly kind: "ntk"; readonly problem: SmallProblem } | { readonly kind: "matrix"; readonly matrix: SymmetricMatrixCase };

/** I6 on one matrix. */
export function checkSpectrum(H: Dense, solve: ExtremeEigenSolver): CaseOutcome {
  try {
    assertSymmetricInput(H, "H");
  } catch (e) {
    return { status: "violated", slack: null, detail: `the matrix is not symmetric: ${e instanceof Error ? e.message : String(e)}` };
  }
  const n = H.rows;
  const e = solve(H);
  const reference = symmetricEigenvaluesReference(H);
  const tol = eigenvalueTolerance(H);
  const errors: [string, number][] = [
    [`λ_min ${fmt(e.lambdaMin)} vs ml-matrix ${fmt(reference[0])}`, Math.abs(e.lambdaMin - reference[0])],
    [`λ_max ${fmt(e.lambdaMax)} vs ml-matrix ${fmt(reference[n - 1])}`, Math.abs(e.lambdaMax - reference[n - 1])],
    ["residual ‖Hv − λv‖ at λ_min", residualNorm(H, e.lambdaMin, e.vectorMin)],
    ["residual ‖Hv − λv‖ at λ_max", residualNorm(H, e.lambdaMax, e.vectorMax)],
  ];
  let worst = 0;
  for (const [label, err] of errors) {
    if (!(err <= tol)) return { status: "violated", slack: err > 0 ? tol / err : null, detail: `n = ${n}: ${label}: error ${fmt(err)} > eigenvalueTolerance ${fmt(tol)}` };
    if (tol > 0) worst = Math.max(worst, err / tol);
  }
  return { status: "holds", slack: worst > 0 ? 1 / worst : null, measured: { "worst error / tolerance": worst } };
}

/** The I6 claim with the eigen-solver `solve` (default: the suite's fast path). */
export function spectrumClaim(solve: ExtremeEigenSolver = extremeEigenpairs): RegisteredClaim {
  return defineClaim<SpectrumCase, never>({
    id: "I6",
    family: "implementation",
    title: "Extreme eigenpairs agree with a reference EVD",
    statement: "λ_min and λ_max from the fast path agree with ml-matrix's symmetric EVD within eigenvalueTolerance, with residuals ‖Hv − λv‖ within the same tolerance, on kernel matrices of the implementation and awkward symmetric matrices.",
    provenance: "derived",
    paperLocation: "SPEC §4 I6 (implementation correctness)",
    implementation: ["ntk"],
    variants: () => ACTIVATION_VARIANTS,
    generator: (variant, profile) =>
      fc.oneof(
        smallProblem({ maxN: profile.maxN, maxD: profile.maxD, maxM: 8, activations: [(variant.activation ?? "softmax") as Activation] }).map((problem) => ({ kind: "ntk" as const, problem })),
        symmetricMatrix({ kinds: ["gaussian", "gramLowRankUnnormalized", "diagonalMixed", "clustered"], maxN: 24 }).map((matrix) => ({ kind: "matrix" as const, matrix })),
      ),
    cases: (profile) => profile.cases,
    classify: (c) => [c.kind === "ntk" ? "kernel of the implementation" : `matrix: ${c.matrix.kind}`],
    rule: {
      kind: "each",
      check: (c, _variant, ctx) => checkSpectrum(c.kind === "matrix" ? c.matrix.H : ntkOf(ctx.impl)(c.problem.X, c.problem.weights, c.problem.options), solve),
    },
  });
}

function ntkOf(impl: NetworkImplementation): NonNullable<NetworkImplementation["ntk"]> {
  if (impl.ntk === undefined) throw new Error(`I6 needs an ntk, and implementation "${impl.name}" provides none`);
  return impl.ntk.bind(impl);
}

/** I6 with the suite's eigen-solver. */
export const I6: RegisteredClaim = spectrumClaim();
