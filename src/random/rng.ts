/**
 * Seeded randomness: one integer seed drives every random choice of the suite.
 *
 * The bit source is pure-rand's xoroshiro128+ generator, its state expanded from the seed by hashing
 * ({@link expandSeed}). Uniforms are 53-bit (`uniformFloat64`);
 * Gaussians use the Box–Muller transform (both variates of a pair are used, in order); Rademacher signs
 * take the top bit of one 32-bit draw. Independent streams are derived from a parent seed and a label
 * (`fork`), by hashing them with the 32-bit finaliser of MurmurHash3, so that e.g. the draw of W does not
 * shift when the draw of A changes size. Same seed and same call sequence ⇒ bit-identical results on every
 * platform (all arithmetic is IEEE-754 double; `Math.log`, `Math.sqrt`, `Math.cos` are the only
 * transcendental calls, and V8 implements them deterministically with fdlibm ports).
 *
 * @module
 */
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix of a 32-bit integer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The 128-bit xoroshiro state of a 32-bit seed: four words fmix32(seed + k·φ) (φ = 0x9e3779b9, the golden
 * ratio increment of splitmix). pure-rand's own `xoroshiro128plus(seed)` puts the seed into the state almost
 * verbatim, which makes the first draws of small seeds nearly equal (the first uniform of seed s is ≈ 1 − s·2⁻²⁶);
 * hashing every word gives unrelated streams for neighbouring seeds. The state is never all zero (fmix32 is a
 * bijection and the four inputs differ).
 */
export function expandSeed(seed: number): number[] {
  return [1, 2, 3, 4].map((k) => fmix32((seed + Math.imul(k, 0x9e3779b9)) >>> 0) | 0);
}

/** Hashes a seed and a label (string or integer) into a new 32-bit seed. */
export function deriveSeed(seed: number, label: string | number): number {
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  const text = typeof label === "number" ? `#${label}` : label;
  for (let i = 0; i < text.length; i++) h = fmix32(h ^ Math.imul(text.charCodeAt(i), 0x01000193) ^ (i + 1));
  return h;
}

/** Checks that a seed is a safe integer in [0, 2³²); throws a RangeError naming the problem otherwise. */
export function checkSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 4294967295], got ${seed}`);
  }
  return seed;
}

/** A seeded random stream. Mutable: each draw advances it. */
export class Rng {
  /** The seed this stream was created from (for replay records). */
  readonly seed: number;
  private readonly gen: RandomGenerator;
  private spare = 0;
  private hasSpare = false;

  /** A stream from a 32-bit unsigned integer seed. */
  constructor(seed: number) {
    this.seed = checkSeed(seed);
    this.gen = xoroshiro128plusFromState(expandSeed(seed));
  }

  /** An independent stream derived from this stream's seed and a label; does not advance this stream. */
  fork(label: string | number): Rng {
    return new Rng(deriveSeed(this.seed, label));
  }

  /** A uniform draw in [0, 1) with 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** A standard normal draw N(0, 1) (Box–Muller; the second variate of each pair is kept for the next call). */
  gaussian(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    // 1 − u ∈ (0, 1] so the logarithm is finite.
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spare = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }

  /** A Rademacher sign, −1 or +1 with probability ½ each. */
  rademacher(): number {
    return this.gen.next() < 0 ? -1 : 1;
  }

  /** A uniform integer in [0, n). */
  integer(n: number): number {
    return Math.min(n - 1, Math.floor(this.uniform() * n));
  }

  /** Fills `out` with N(0, std²) draws, in index order. */
  fillGaussian(out: Float64Array, std = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = std * this.gaussian();
    return out;
  }

  /** Fills `out` with Rademacher signs, in index order. */
  fillRademacher(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.rademacher();
    return out;
  }
}
