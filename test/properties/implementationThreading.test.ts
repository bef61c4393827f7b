/**
 * The kernel, perturbation and training claims (N1–N3, P2–P4, T1–T6) evaluate the network, its gradient and its
 * NTK through the implementation under test (`RunContext.impl`), so that `verify --impl` checks a user's code:
 * - the reference behind the generic path (methods called one by one, no shared forward pass) gives the same
 *   results as the reference's fast path;
 * - realistic bugs in an implementation turn the claims that can see them `violated`;
 * - an implementation whose methods throw gives `violated` with the error's message, not a crash.
 * Observed while writing these (and reported, not contrived into a catch): the softmax gradient without the
 * −⟨a_ℓ, S_i⟩ centring is invisible to every training claim at the quick profile (width 512): ⟨a_ℓ, S_i⟩ is
 * O(m^{−1/2}) at an iid initialisation and exactly 0 at a coupled one, so the direction is still a descent
 * direction; only the exact gradient check I1 catches it (test/properties/mutations.test.ts).
 */
import { describe, expect, it } from "vitest";
import { REFERENCE_IMPLEMENTATION } from "../../src/implementation/reference.js";
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { PROFILES } from "../../properties/engine/profiles.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import type { VariantResult } from "../../properties/engine/types.js";
import { NTK_INIT_CLAIMS } from "../../properties/ntkInit.js";
import { PERTURBATION_CLAIMS } from "../../properties/perturbation.js";
import { TRAINING_CLAIMS } from "../../properties/training.js";
import {
  ASCENT_IMPLEMENTATION,
  INPUT_MAJOR_NTK_IMPLEMENTATION,
  THROWING_IMPLEMENTATION,
  WRAPPED_REFERENCE,
  scaledNtkImplementation,
} from "./brokenImplementations.js";
import { SEED } from "./helpers.js";

const quick = PROFILES.quick;
const CLAIMS: readonly RegisteredClaim[] = [...NTK_INIT_CLAIMS, ...PERTURBATION_CLAIMS, ...TRAINING_CLAIMS];

function claim(id: string): RegisteredClaim {
  const c = CLAIMS.find((x) => x.id === id);
  if (!c) throw new Error(`no claim ${id}`);
  return c;
}

/** Runs claim `id` at the quick profile under `impl`, for the variants labelled `labels` (default: all). */
function run(id: string, impl: NetworkImplementation, labels?: readonly string[]): VariantResult[] {
  const c = claim(id);
  return c
    .variants(quick)
    .filter((v) => labels === undefined || labels.includes(v.label))
    .map((v) => c.run(v, quick, SEED, impl));
}

/**
 * One variant per implementation-aware claim for the equivalence and the exception checks (the cheapest where
 * the variants differ much in cost: N1's softmax sweep takes ≈ 10 s, its ReLU check < 1 s).
 */
const ONE_VARIANT: Readonly<Record<string, string>> = {
  N1: "relu",
  N2: "softmax",
  N3: "init=iid",
  P2: "init=iid",
  P3: "init=coupled",
  P4: "softmax-vs-exp-vs-relu",
  T1: "scale=m,init=iid",
  T2: "scale=m,init=coupled",
  T3: "scale=sqrt,init=iid",
  T4: "scale=sqrt,init=coupled",
  T5: "scale=m,init=iid",
  T6: "scale=sqrt,init=coupled",
};

describe("claims declare the implementation methods they call", () => {
  it("N1–N3, P2, P3 call ntk; P4 and T1–T6 forward, gradient and ntk; N4, N5, P1 none", () => {
    const declared = Object.fromEntries(CLAIMS.map((c) => [c.id, c.implementation ?? null]));
    const all = ["forward", "gradient", "ntk"];
    expect(declared).toEqual({
      N1: ["ntk"],
      N2: ["ntk"],
      N3: ["ntk"],
      N4: null,
      N5: null,
      P1: null,
      P2: ["ntk"],
      P3: ["ntk"],
      P4: all,
      T1: all,
      T2: all,
      T3: all,
      T4: all,
      T5: all,
      T6: all,
    });
    expect(Object.keys(ONE_VARIANT).sort()).toEqual(CLAIMS.filter((c) => c.implementation !== undefined).map((c) => c.id).sort());
  });
});

describe("the generic path: the reference called method by method", () => {
  for (const [id, label] of Object.entries(ONE_VARIANT)) {
    it(`${id} [${label}] gives the reference's result exactly (verdict, numbers, tables, figures)`, () => {
      const [reference] = run(id, REFERENCE_IMPLEMENTATION, [label]);
      const [generic] = run(id, WRAPPED_REFERENCE, [label]);
      expect(reference.reason).not.toMatch(/exception/);
      expect(JSON.stringify(generic)).toBe(JSON.stringify(reference));
    });
  }
});

describe("broken implementations are caught", () => {
  it("an NTK scaled by √m or by m (the scale=m network's kernel returned for H) violates N2 for every activation and N1", () => {
    for (const [name, factor] of [
      ["√m·H", Math.sqrt],
      ["m·H", (m: number) => m],
    ] as const) {
      const impl = scaledNtkImplementation(name, factor);
      for (const r of run("N2", impl)) expect(r.verdict, `${name} N2 ${r.variant}: ${r.reason}`).toBe("violated");
      for (const r of run("N1", impl, ["exp", "relu"])) expect(r.verdict, `${name} N1 ${r.variant}: ${r.reason}`).toBe("violated");
    }
  });

  it("an NTK in input-major (i, ℓ) order violates N1 (its mean is K ⊗ I_d, not I_d ⊗ K) and N2", () => {
    for (const r of run("N1", INPUT_MAJOR_NTK_IMPLEMENTATION, ["exp", "relu"])) {
      expect(r.verdict, `N1 ${r.variant}: ${r.reason}`).toBe("violated");
      expect(r.reason).toMatch(/excess over α significant/);
    }
    for (const r of run("N2", INPUT_MAJOR_NTK_IMPLEMENTATION)) expect(r.verdict, `N2 ${r.variant}: ${r.reason}`).toBe("violated");
  });

  it("the gradient with the wrong sign violates T2, T5 and T6 (claims the reference does not violate) for every variant", () => {
    // T5 and T6 are derived (never violated under the reference, test/properties/training.test.ts); T2 is a paper
    // claim, so its reference verdicts are checked here.
    for (const r of run("T2", REFERENCE_IMPLEMENTATION)) expect(r.verdict, `reference T2 ${r.variant}: ${r.reason}`).not.toBe("violated");
    for (const id of ["T2", "T5", "T6"]) {
      for (const r of run(id, ASCENT_IMPLEMENTATION)) expect(r.verdict, `${id} ${r.variant}: ${r.reason}`).toBe("violated");
    }
    for (const r of run("T6", ASCENT_IMPLEMENTATION)) {
      expect(r.reason).toMatch(/T6 \(a\) fails at τ=0/);
      expect(r.replay?.path).toBeTruthy();
    }
  });

  for (const [id, label] of Object.entries(ONE_VARIANT)) {
    it(`${id} [${label}]: an implementation whose methods throw gives violated with the message, not a crash`, () => {
      const [r] = run(id, THROWING_IMPLEMENTATION, [label]);
      expect(r.verdict).toBe("violated");
      expect(r.reason).toMatch(/exception.*exploded \(test implementation\)/);
    });
  }

  it("an implementation without the ntk a claim needs gives violated naming the missing method", () => {
    const { ntk: _ntk, ...withoutNtk } = WRAPPED_REFERENCE;
    const [r] = run("N2", withoutNtk, ["softmax"]);
    expect(r.verdict).toBe("violated");
    expect(r.reason).toMatch(/implementation wrapped does not provide ntk/);
  });
});
