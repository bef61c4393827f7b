/**
 * Size limits checked before any allocation, so a hostile or mistaken input is refused with a stated limit
 * instead of exhausting memory. The NTK is (nd)² doubles and the Jacobian-free pipeline needs O(nd·m) more.
 *
 * @module
 */

/** Largest nd accepted by the `ntk` command: H and H* are then 2 × 4096² doubles = 256 MiB. */
export const MAX_ND = 4096;
/** Largest width m accepted. */
export const MAX_WIDTH = 1 << 20;
/** Largest n·d·m (the size of the NTK feature matrix G): 2²⁷ doubles = 1 GiB. */
export const MAX_ND_M = 1 << 27;

/**
 * Largest dimension d accepted by the `score` command: a Gaussian's covariance is then 2²⁰ numbers (≈ 20 MB
 * of JSON) and its Cholesky factorisation d³/3 ≈ 3.6·10⁸ flops (well under a second).
 */
export const MAX_SCORE_DIMENSION = 1024;
/** Largest number of entries k·d of the query points x (and of each k×d output) of the `score` command. */
export const MAX_SCORE_ENTRIES = 1 << 20;
/** Largest number of entries K·d of a mixture's means or of a point set (the `score` command). */
export const MAX_COMPONENT_ENTRIES = 1 << 20;
/**
 * Largest amount of work of one `score` evaluation, in multiply–adds: k·K·d for mixtures and point sets,
 * k·d² (triangular solves and Σz) for a Gaussian. 2²⁸ ≈ 2.7·10⁸ takes about a second.
 */
export const MAX_SCORE_WORK = 1 << 28;
/**
 * Largest magnitude of any number in the `score` command's input (x, means, covariance entries, points).
 * With |entries| ≤ 10⁶ and d ≤ 1024 every squared distance ‖x − α_t μ‖² is ≤ 1024·(2·10⁶)² ≈ 4·10¹⁵, so the
 * log densities and scores are finite doubles for every t ≥ 10⁻²⁹⁰ (h_t ≥ 2·10⁻²⁹⁰); the command still checks
 * its outputs and refuses a t at which they would overflow.
 */
export const MAX_SCORE_ABS_ENTRY = 1e6;

/**
 * Deepest nesting of arrays and objects accepted in any JSON input (command inputs and result files). Valid
 * inputs are far shallower: an `ntk` input is 3 levels deep, a `score` input 4, a result file about 12 plus its
 * counterexamples (a few levels). JSON.parse copes with any depth, but the recursive JSON.stringify (report,
 * `merge --json`) overflows the call stack at about 4000 levels (measured on Node 20), which would be an internal
 * error; 256 leaves a wide margin on both sides.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Largest input file (or standard input) read, in bytes: V8's longest string, 2²⁹ − 24 characters, so every file
 * that could be read before is still read. The bound matters for endless sources — `/dev/zero`, `yes |` on
 * standard input — which are refused after reading this much (under a second) instead of hanging.
 */
export const MAX_INPUT_BYTES = 0x1fffffe8;
