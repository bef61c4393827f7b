/**
 * Applying a mutant to the text of a compiled module, and the contract between the parent (`softmax-ntk
 * mutants`), the `--import` preload (`./register.ts`) and the loader hook (`./hooks.ts`): the environment
 * variables that name the mutant, the exit status of a child that refuses a stale mutant, and the marker the
 * patched module leaves so the child can tell that the mutated code really ran.
 *
 * @module
 */
import { type Mutant, mutantNamed } from "./catalogue.js";

/** Environment variable naming the mutant a child runs (absent or empty: the reference, unmutated). */
export const MUTANT_ENV = "SOFTMAX_NTK_MUTANT";

/**
 * Optional environment variable holding a mutant's full definition as JSON (id, component, file, find, replace,
 * bug, killers); it overrides the catalogue entry of that id. A seam for tests (a deliberately stale mutant) and
 * for trying a new mutant before adding it to the catalogue.
 */
export const MUTANT_DEFINITION_ENV = "SOFTMAX_NTK_MUTANT_DEFINITION";

/** Exit status of a child that refuses its mutant (unknown id, missing file, `find` not exactly once): EX_DATAERR. */
export const STALE_EXIT = 65;

/** Global key under which a patched module records the id of the mutant applied to it. */
export const APPLIED_KEY = "softmax-ntk.mutant.applied";

/** Prefix of every line the mutation machinery writes to a child's stderr. */
export const CHILD_PREFIX = "softmax-ntk mutant";

/** A mutant that cannot be applied: its target is missing, or `find` does not occur exactly once. */
export class StaleMutantError extends Error {
  /** A stale-mutant error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "StaleMutantError";
  }
}

/** Number of (non-overlapping) occurrences of `find` in `source`. */
export function occurrences(source: string, find: string): number {
  if (find === "") return Infinity;
  let count = 0;
  for (let at = source.indexOf(find); at >= 0; at = source.indexOf(find, at + find.length)) count++;
  return count;
}

/**
 * The mutated module text: `find` replaced by `replace`, plus a statement that records the mutant's id in
 * `globalThis[Symbol.for(APPLIED_KEY)]` when the module is evaluated.
 *
 * @throws {@link StaleMutantError} naming the mutant and the file unless `find` occurs exactly once.
 */
export function patchSource(source: string, mutant: Mutant): string {
  const count = occurrences(source, mutant.find);
  if (count !== 1) {
    throw new StaleMutantError(
      `stale mutant "${mutant.id}": its find text ${JSON.stringify(mutant.find)} occurs ${count} times in dist/${mutant.file} (expected exactly once); re-target the mutant in src/mutation/catalogue.ts`,
    );
  }
  const at = source.indexOf(mutant.find);
  const patched = source.slice(0, at) + mutant.replace + source.slice(at + mutant.find.length);
  return `${patched}\n;globalThis[Symbol.for(${JSON.stringify(APPLIED_KEY)})] = ${JSON.stringify(mutant.id)};\n`;
}

/** The id of the mutant whose patched module was evaluated in this process, if any. */
export function appliedMutant(): string | undefined {
  const value = (globalThis as Record<symbol, unknown>)[Symbol.for(APPLIED_KEY)];
  return typeof value === "string" ? value : undefined;
}

/** Checks a parsed mutant definition's fields (for {@link MUTANT_DEFINITION_ENV}). */
function toMutant(value: unknown): Mutant {
  const v = value as Record<string, unknown> | null;
  const text = (k: string): boolean => typeof v?.[k] === "string" && v[k] !== "";
  if (v === null || typeof v !== "object" || !["id", "component", "file", "find", "bug"].every(text) || typeof v.replace !== "string" || !Array.isArray(v.killers)) {
    throw new StaleMutantError(`${MUTANT_DEFINITION_ENV}: expected a JSON mutant {id, component, file, find, replace, bug, killers}`);
  }
  return v as unknown as Mutant;
}

/**
 * The mutant an environment names: the definition in {@link MUTANT_DEFINITION_ENV} if given (its id must match),
 * else the catalogue entry of {@link MUTANT_ENV}; undefined when no mutant is named.
 *
 * @throws {@link StaleMutantError} for an unknown id or a malformed definition.
 */
export function mutantFromEnv(env: Readonly<Record<string, string | undefined>>): Mutant | undefined {
  const id = env[MUTANT_ENV];
  if (id === undefined || id === "") return undefined;
  const definition = env[MUTANT_DEFINITION_ENV];
  if (definition !== undefined && definition !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(definition);
    } catch {
      throw new StaleMutantError(`${MUTANT_DEFINITION_ENV}: not valid JSON`);
    }
    const mutant = toMutant(parsed);
    if (mutant.id !== id) throw new StaleMutantError(`${MUTANT_DEFINITION_ENV}: defines mutant "${mutant.id}" but ${MUTANT_ENV} names "${id}"`);
    return mutant;
  }
  const mutant = mutantNamed(id);
  if (mutant === undefined) throw new StaleMutantError(`unknown mutant "${id}" (not in src/mutation/catalogue.ts)`);
  return mutant;
}
