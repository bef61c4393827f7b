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
