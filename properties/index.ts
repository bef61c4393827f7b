/**
 * The claim registry: every claim of SPEC §4 this suite checks, in id order. A claim's code lives in the
 * family module its id names (N → `ntkInit.ts`, P → `perturbation.ts`, T → `training.ts`, D → `diffusion.ts`,
 * I → `implementation.ts`).
 *
 * @module
 */
import type { RegisteredClaim } from "./engine/registry.js";
import { DIFFUSION_CLAIMS } from "./diffusion.js";
import { IMPLEMENTATION_CLAIMS } from "./implementation.js";
import { NTK_INIT_CLAIMS } from "./ntkInit.js";
import { PERTURBATION_CLAIMS } from "./perturbation.js";
import { TRAINING_CLAIMS } from "./training.js";

/** All registered claims. */
export const CLAIMS: readonly RegisteredClaim[] = [...NTK_INIT_CLAIMS, ...PERTURBATION_CLAIMS, ...TRAINING_CLAIMS, ...DIFFUSION_CLAIMS, ...IMPLEMENTATION_CLAIMS];
