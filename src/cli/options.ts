/**
 * Parsers for CLI option values, each refusing bad values with a message that names the problem
 * (commander prefixes the option name).
 *
 * @module
 */
import { InvalidArgumentError } from "commander";
import { InputError } from "../io/inputError.js";
import { type ShardSpec, parseShardSpec } from "../../properties/engine/shard.js";

/** An integer in [min, max]. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const v = Number(value);
    if (value.trim() === "" || !Number.isInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(`expected an integer in [${min}, ${max}], got "${value}"`);
    }
    return v;
  };
}

/** A positive finite number. */
export function positiveNumber(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`expected a positive finite number, got "${value}"`);
  return v;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${choices.join(", ")}, got "${value}"`);
    return value as T;
  };
}

/** A finite number ≥ 0. */
export function nonNegativeNumber(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`expected a finite number ≥ 0, got "${value}"`);
  return v;
}

/** A shard `K/N` with 1 ≤ K ≤ N ({@link parseShardSpec}). */
export function shardSpec(value: string): ShardSpec {
  try {
    return parseShardSpec(value);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Parses a comma-separated id list given to `option` into items of `known`, in the given order; an empty list or
 * an unknown id is an {@link InputError} naming the option (exit 2), listing the known ids. `noun` names an item
 * (`claim`, `mutant`), `example` shows the expected form.
 */
export function selectByIds<T extends { readonly id: string }>(list: string, known: readonly T[], option: string, noun: string, example: string): readonly T[] {
  const ids = list.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (ids.length === 0) throw new InputError(option, `is empty (expected ids like ${example})`);
  return ids.map((id) => {
    const item = known.find((c) => c.id === id);
    if (!item) throw new InputError(option, `unknown ${noun} id "${id}" (known: ${known.map((c) => c.id).join(", ")})`);
    return item;
  });
}
