/**
 * The `score` command's computation (SPEC §5): for validated input {distribution p_0, t, x (k×d)}, the score,
 * posterior mean and log density of p_t at the rows of x, as the output JSON
 * `{"score": number[k][d], "posteriorMean": number[k][d], "logDensity": number[k]}`.
 *
 * Outputs are checked to be finite before printing (JSON has no NaN or Infinity, and `JSON.stringify` would
 * silently print `null`): an overflow is refused as an input error naming t.
 *
 * @module
 */
import { toRows } from "../linalg/dense.js";
import { InputError } from "../io/inputError.js";
import type { ScoreInput } from "../io/scoreInput.js";
import { coefficients } from "./ornsteinUhlenbeck.js";

/** The output JSON of the score command. */
export interface ScoreOutputJson {
  /** k×d: ∇log p_t at each row of x. */
  score: number[][];
  /** k×d: E[x_0 | x_t = x] at each row of x. */
  posteriorMean: number[][];
  /** Length k: log p_t at each row of x. */
  logDensity: number[];
}

/** Computes the output for a validated input; throws an {@link InputError} (field `t`) on overflow. */
export function computeScoreOutput(input: ScoreInput): ScoreOutputJson {
  const { distribution, t, x } = input;
  const ev = distribution.evaluate(t, x);
  const d = x.cols;
  for (let i = 0; i < x.rows; i++) {
    let finite = Number.isFinite(ev.logDensity[i]);
    for (let j = 0; finite && j < d; j++) finite = Number.isFinite(ev.score.data[i * d + j]) && Number.isFinite(ev.posteriorMean.data[i * d + j]);
    if (!finite) {
      const { h } = coefficients(t);
      throw new InputError("t", `${t} is too small for x[${i}]: log p_t or the score overflows double precision (h_t = ${h}); use a larger t`);
    }
  }
  return { score: toRows(ev.score), posteriorMean: toRows(ev.posteriorMean), logDensity: Array.from(ev.logDensity) };
}
