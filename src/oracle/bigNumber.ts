/**
 * A 64-significant-digit reference implementation (SPEC I5) of every quantity of SPEC §2–§3, written from the
 * SPEC formulas with mathjs BigNumbers (decimal.js) and sharing no numerical code with the float64 path.
 *
 * Shapes (SPEC §1): X n×d (row i is x_i), Y n×d, W d×m (column r is w_r), A d×m (row ℓ is a_ℓ).
 * Results: pre-activations U n×m, hidden features Φ n×m, outputs F n×d, loss a scalar, gradient ∇_W L d×m,
 * Jacobian nd×dm (rows (ℓ, i) ↦ ℓ·n + i, columns (r, k) ↦ r·d + k, as in `src/network/jacobian.ts`),
 * empirical NTK H and limit NTK H* nd×nd (output-major, (ℓ, i) ↦ ℓ·n + i).
 *
 * Conversions. Inputs are float64 {@link Dense} matrices. Each double is converted by {@link toBig} through
 * `x.toPrecision(64)`, i.e. its exact binary value correctly rounded to 64 significant digits: a relative
 * change ≤ ½·10⁻⁶³, far below float64's unit roundoff 2⁻⁵³ ≈ 1.1·10⁻¹⁶, so the oracle answers the same
 * question as the float64 code. (Do not use `bignumber(x)` on the number itself: it goes through the
 * shortest round-trip string, e.g. 0.1 ↦ "0.1", which moves the input by up to half an ulp — the size of
 * the errors being measured.) Results are converted back by `toNumber()`, i.e. correctly rounded to the
 * nearest double (relative change ≤ 2⁻⁵³, or an absolute change ≤ 2⁻¹⁰⁷⁵ in the subnormal range).
 *
 * Arithmetic. Every BigNumber operation rounds to 64 significant digits, and BigNumber exponents range
 * over ±9·10¹⁵, so nothing overflows or underflows: the softmax is therefore computed *without* the
 * max-shift, S_{i,r} = e^{U_{i,r}} / Σ_s e^{U_{i,s}} (e^{±700} ≈ 10^{±304} is an ordinary number here, and
 * for |U| ≤ 700 each of the O(m + d) roundings costs ≈ 10⁻⁶³ relative). The oracle's own error is thus
 * ≈ 10⁻⁶⁰ relative to the magnitudes involved — zero for every float64 comparison.
 *
 * Cost: O(n·d·m) BigNumber operations for F, O((nd)²·dm) for H; meant for n, d ≲ 4 and m ≲ 16 only.
 *
 * @module
 */
import { all, create, type BigNumber, type MathJsInstance } from "mathjs";
import { type Dense, zeros } from "../linalg/dense.js";
import type { Activation, NetworkOptions, Scale, Weights } from "../network/types.js";

/** Significant decimal digits of every oracle operation. */
export const ORACLE_PRECISION = 64;

/** The mathjs instance the oracle computes with: BigNumbers of {@link ORACLE_PRECISION} digits. */
export const oracleMath: MathJsInstance = create(all, { number: "BigNumber", precision: ORACLE_PRECISION });

/** A BigNumber matrix, row-major nested arrays. */
export type BigMatrix = BigNumber[][];

/**
 * The double `x` as a BigNumber: its exact binary value correctly rounded to {@link ORACLE_PRECISION}
 * significant digits (relative change ≤ ½·10⁻⁶³). Throws a `RangeError` for NaN or ±Infinity.
 */
export function toBig(x: number): BigNumber {
  if (!Number.isFinite(x)) throw new RangeError(`oracle: input ${x} is not finite`);
  return oracleMath.bignumber(x.toPrecision(ORACLE_PRECISION));
}

/** A BigNumber copy of a dense float64 matrix, each entry converted by {@link toBig}. */
export function toBigMatrix(a: Dense): BigMatrix {
  const out: BigMatrix = new Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    const row: BigNumber[] = new Array(a.cols);
    for (let j = 0; j < a.cols; j++) row[j] = toBig(a.data[i * a.cols + j]);
    out[i] = row;
  }
  return out;
}

/** A BigNumber matrix rounded entrywise to the nearest doubles, as a dense row-major matrix. */
export function toDense(a: readonly (readonly BigNumber[])[]): Dense {
  const rows = a.length;
  const cols = rows === 0 ? 0 : a[0].length;
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    if (a[i].length !== cols) throw new RangeError(`oracle: row ${i} has ${a[i].length} entries, expected ${cols}`);
    for (let j = 0; j < cols; j++) out.data[i * cols + j] = a[i][j].toNumber();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// BigNumber internals (not exported): each is a SPEC formula, transcribed.

const ZERO = (): BigNumber => oracleMath.bignumber(0);
const ONE = (): BigNumber => oracleMath.bignumber(1);

function bigZeros(rows: number, cols: number): BigMatrix {
  const out: BigMatrix = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = Array.from({ length: cols }, ZERO);
  return out;
}

function checkShapes(X: Dense, weights: Weights): void {
  const { W, A } = weights;
  if (X.cols !== W.rows) throw new RangeError(`oracle: X is ${X.rows}×${X.cols} but W has ${W.rows} rows`);
  if (A.rows !== W.rows || A.cols !== W.cols) throw new RangeError(`oracle: A is ${A.rows}×${A.cols}, W is ${W.rows}×${W.cols}`);
}

/** Output multiplier (SPEC §2): softmax c = m or √m; exp and ReLU c = 1/√m whatever the scale. */
function bigOutputScale(activation: Activation, scale: Scale, m: number): BigNumber {
  const bm = oracleMath.bignumber(m);
  if (activation === "softmax") return scale === "m" ? bm : bm.sqrt();
  return ONE().div(bm.sqrt());
}

/** U_{i,r} = ⟨w_r, x_i⟩ = Σ_k X_{i,k} W_{k,r}. */
function bigPreactivations(X: BigMatrix, W: BigMatrix, m: number): BigMatrix {
  const n = X.length;
  const d = W.length;
  const U = bigZeros(n, m);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < m; r++) {
      let acc = ZERO();
      for (let k = 0; k < d; k++) acc = acc.plus(X[i][k].times(W[k][r]));
      U[i][r] = acc;
    }
  }
  return U;
}

/** Φ: softmax S_{i,r} = e^{U_{i,r}} / Σ_s e^{U_{i,s}} (no shift needed at 64 digits), e^{U}, or max(U, 0). */
function bigFeatures(U: BigMatrix, activation: Activation): BigMatrix {
  return U.map((row) => {
    if (activation === "relu") return row.map((u) => (u.gt(0) ? u : ZERO()));
    const e = row.map((u) => u.exp());
    if (activation === "exp") return e;
    const total = e.reduce((acc, v) => acc.plus(v), ZERO());
    return e.map((v) => v.div(total));
  });
}

/** φ'(U): exp' = e^{U}; ReLU' = 1[U > 0] (φ'(0) := 0, as in the float64 code). Unused for softmax. */
function bigActivationDerivative(U: BigMatrix, activation: "exp" | "relu"): BigMatrix {
  return U.map((row) => row.map((u) => (activation === "exp" ? u.exp() : u.gt(0) ? ONE() : ZERO())));
}

interface BigPass {
  readonly X: BigMatrix;
  readonly A: BigMatrix;
  readonly U: BigMatrix;
  readonly Phi: BigMatrix;
  /** ⟨a_ℓ, Φ_i⟩ (n×d), before the multiplier. */
  readonly Fbar: BigMatrix;
  readonly F: BigMatrix;
  readonly c: BigNumber;
}

/** F_{i,ℓ} = c · Σ_r a_{ℓ,r} Φ_{i,r} (SPEC §2), with every intermediate. */
function bigForward(X: Dense, weights: Weights, opts: NetworkOptions): BigPass {
  checkShapes(X, weights);
  const n = X.rows;
  const d = X.cols;
  const m = weights.W.cols;
  const bX = toBigMatrix(X);
  const bA = toBigMatrix(weights.A);
  const U = bigPreactivations(bX, toBigMatrix(weights.W), m);
  const Phi = bigFeatures(U, opts.activation);
  const c = bigOutputScale(opts.activation, opts.scale, m);
  const Fbar = bigZeros(n, d);
  const F = bigZeros(n, d);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < d; l++) {
      let acc = ZERO();
      for (let r = 0; r < m; r++) acc = acc.plus(bA[l][r].times(Phi[i][r]));
      Fbar[i][l] = acc;
      F[i][l] = c.times(acc);
    }
  }
  return { X: bX, A: bA, U, Phi, Fbar, F, c };
}

/**
 * The Jacobian ∂F_ℓ(x_i)/∂W_{k,r} (nd×dm, rows ℓ·n + i, columns r·d + k), entry by entry from SPEC §2:
 * softmax c·S_{i,r}(a_{ℓ,r} − ⟨a_ℓ, S_i⟩)·x_{i,k}; exp / ReLU c·a_{ℓ,r} φ'(U_{i,r})·x_{i,k}.
 */
function bigJacobian(pass: BigPass, activation: Activation): BigMatrix {
  const { X, A, U, Phi, c } = pass;
  const n = X.length;
  const d = A.length;
  const m = U[0]?.length ?? 0;
  const dphi = activation === "softmax" ? undefined : bigActivationDerivative(U, activation);
  const J = bigZeros(n * d, d * m);
  for (let l = 0; l < d; l++) {
    for (let i = 0; i < n; i++) {
      // ⟨a_ℓ, S_i⟩ recomputed from S (not taken from the forward pass's Fbar).
      let centre = ZERO();
      if (activation === "softmax") for (let r = 0; r < m; r++) centre = centre.plus(A[l][r].times(Phi[i][r]));
      for (let r = 0; r < m; r++) {
        const coeff =
          dphi === undefined ? c.times(Phi[i][r]).times(A[l][r].minus(centre)) : c.times(A[l][r]).times(dphi[i][r]);
        for (let k = 0; k < d; k++) J[l * n + i][r * d + k] = coeff.times(X[i][k]);
      }
    }
  }
  return J;
}

/** ½ Σ_{i,ℓ} (F_{i,ℓ} − Y_{i,ℓ})² and the residual E = F − Y. */
function bigResidual(F: BigMatrix, Y: Dense): { E: BigMatrix; loss: BigNumber } {
  if (Y.rows !== F.length || Y.cols !== (F[0]?.length ?? Y.cols)) throw new RangeError(`oracle: Y is ${Y.rows}×${Y.cols}, F is ${F.length}×${F[0]?.length ?? 0}`);
  const bY = toBigMatrix(Y);
  let acc = ZERO();
  const E = F.map((row, i) =>
    row.map((f, l) => {
      const e = f.minus(bY[i][l]);
      acc = acc.plus(e.times(e));
      return e;
    }),
  );
  return { E, loss: acc.div(2) };
}

/** Row dot products M Mᵀ. */
function bigGram(M: BigMatrix): BigMatrix {
  const p = M.length;
  const out = bigZeros(p, p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      let acc = ZERO();
      for (let k = 0; k < M[a].length; k++) acc = acc.plus(M[a][k].times(M[b][k]));
      out[a][b] = acc;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Public oracle: one function per quantity, float64 in, float64 (correctly rounded from 64 digits) out.

/** Pre-activations U = X W (n×m), U_{i,r} = ⟨w_r, x_i⟩. */
export function oraclePreactivations(X: Dense, W: Dense): Dense {
  if (X.cols !== W.rows) throw new RangeError(`oracle: X is ${X.rows}×${X.cols} but W has ${W.rows} rows`);
  return toDense(bigPreactivations(toBigMatrix(X), toBigMatrix(W), W.cols));
}

/** Hidden features Φ (n×m): softmax probabilities S = softmax(U_i) row by row, e^{U}, or max(U, 0). */
export function oracleFeatures(X: Dense, W: Dense, activation: Activation): Dense {
  if (X.cols !== W.rows) throw new RangeError(`oracle: X is ${X.rows}×${X.cols} but W has ${W.rows} rows`);
  return toDense(bigFeatures(bigPreactivations(toBigMatrix(X), toBigMatrix(W), W.cols), activation));
}

/** Network outputs F (n×d), F_{i,ℓ} = c·⟨a_ℓ, Φ_i⟩ with c = m, √m (softmax) or 1/√m (exp, ReLU). */
export function oracleForward(X: Dense, weights: Weights, opts: NetworkOptions): Dense {
  return toDense(bigForward(X, weights, opts).F);
}

/** The loss L = ½‖F − Y‖²_F, with F computed at 64 digits (not from a float64 F). */
export function oracleLoss(X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions): number {
  return bigResidual(bigForward(X, weights, opts).F, Y).loss.toNumber();
}

/**
 * The Jacobian ∂ vec(F)/∂ vec(W) (nd×dm) of the network under `opts`, from the SPEC §2 formula; rows (ℓ, i)
 * ↦ ℓ·n + i, columns (r, k) ↦ r·d + k (∂/∂W_{k,r}), the layout of `src/network/jacobian.ts`.
 */
export function oracleJacobian(X: Dense, weights: Weights, opts: NetworkOptions): Dense {
  return toDense(bigJacobian(bigForward(X, weights, opts), opts.activation));
}

/**
 * The gradient ∇_W L (d×m) by the chain rule through the SPEC Jacobian:
 * ∂L/∂W_{k,r} = Σ_{ℓ,i} (F_{i,ℓ} − Y_{i,ℓ}) · ∂F_ℓ(x_i)/∂W_{k,r}.
 */
export function oracleGradient(X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions): Dense {
  const pass = bigForward(X, weights, opts);
  const { E } = bigResidual(pass.F, Y);
  const J = bigJacobian(pass, opts.activation);
  const n = X.rows;
  const d = X.cols;
  const m = weights.W.cols;
  const grad = bigZeros(d, m);
  for (let k = 0; k < d; k++) {
    for (let r = 0; r < m; r++) {
      let acc = ZERO();
      for (let l = 0; l < d; l++) for (let i = 0; i < n; i++) acc = acc.plus(E[i][l].times(J[l * n + i][r * d + k]));
      grad[k][r] = acc;
    }
  }
  return toDense(grad);
}

/**
 * The empirical NTK H(W) (nd×nd, output-major) of SPEC §3, computed explicitly as
 * H_{(ℓ1,i),(ℓ2,j)} = Σ_r ⟨g_{(ℓ1,i),r}, g_{(ℓ2,j),r}⟩ with g_{(ℓ,i),r} = ∂F^{sqrt}_ℓ(x_i)/∂w_r ∈ ℝ^d the Jacobian
 * of the √m-scaled softmax network (exp and ReLU: the 1/√m network) — not via the Hadamard formula.
 */
export function oracleEmpiricalNtk(X: Dense, weights: Weights, activation: Activation): Dense {
  const pass = bigForward(X, weights, { activation, scale: "sqrt" });
  return toDense(bigGram(bigJacobian(pass, activation)));
}

/**
 * The limit kernel H* = I_d ⊗ K (nd×nd, output-major) of the SPEC §3 table, P = X Xᵀ, p = P_{ij}:
 * softmax p·e^{σ²p}; exp p·e^{σ²(‖x_i‖² + ‖x_j‖² + 2p)/2}; ReLU p·(π − arccos(p/(‖x_i‖‖x_j‖)))/(2π), with K_{ij} = 0
 * when x_i or x_j is 0 and the cosine clamped to [−1, 1] (Cauchy–Schwarz holds exactly; only the 64-digit
 * rounding of the square roots can cross it). σ is converted by {@link toBig}.
 */
export function oracleLimitNtk(X: Dense, activation: Activation, sigma: number): Dense {
  const n = X.rows;
  const d = X.cols;
  const P = bigGram(toBigMatrix(X));
  const s2 = toBig(sigma).times(toBig(sigma));
  const pi = oracleMath.bignumber(-1).acos();
  const K = bigZeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = P[i][j];
      if (activation === "softmax") K[i][j] = p.times(s2.times(p).exp());
      else if (activation === "exp") K[i][j] = p.times(s2.times(P[i][i].plus(P[j][j]).plus(p.times(2))).div(2).exp());
      else {
        const norms = P[i][i].sqrt().times(P[j][j].sqrt());
        if (norms.isZero()) K[i][j] = ZERO();
        else {
          let cos = p.div(norms);
          if (cos.gt(1)) cos = ONE();
          if (cos.lt(-1)) cos = ONE().neg();
          K[i][j] = p.times(pi.minus(cos.acos())).div(pi.times(2));
        }
      }
    }
  }
  const H = bigZeros(n * d, n * d);
  for (let l = 0; l < d; l++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H[l * n + i][l * n + j] = K[i][j];
  return toDense(H);
}
