/**
 * Reads the result files `merge` and `compare` take: the text is parsed as JSON and checked against the result
 * schemas; every problem is an {@link InputError} whose field is the file's path, so the CLI prints one line
 * naming the file and the problem (exit 2).
 *
 * Validated files are returned as parsed, not as zod's output, so that every field (known or not) and its order
 * survive a merge unchanged.
 *
 * @module
 */
import type { ShardResult } from "../../properties/engine/shard.js";
import { RESULT_FORMAT_VERSION, type VerifyResult } from "../../properties/engine/verifyRun.js";
import { InputError, inputErrorFromZod, parseJsonText, quoted } from "../io/inputError.js";
import { shardResultSchema, verifyResultSchema } from "./schema.js";

/** Parses a result file's text; `file` names it in errors ({@link parseJsonText}: empty, BOM, syntax, depth). */
export function parseResultJson(text: string, file: string): unknown {
  return parseJsonText(text, file, { expected: "a softmax-ntk result, JSON", hint: "is it truncated or corrupt?" });
}

/** A value for a message: scalars as JSON, anything else by its type only (it may be nested too deeply to print). */
function describeScalar(v: unknown): string {
  if (typeof v === "string") return quoted(v);
  if (v === null || typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
  return v === undefined ? "(missing)" : Array.isArray(v) ? "(an array)" : `(${typeof v})`;
}

/** Checks the parts every result shares before the full schema: a softmax-ntk result of a format this tool reads. */
function checkHeader(value: unknown, file: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InputError(file, "not a softmax-ntk result (expected a JSON object)");
  const record = value as Record<string, unknown>;
  if (record.tool !== "softmax-ntk") throw new InputError(file, `not a softmax-ntk result (no "tool": "softmax-ntk" field)`);
  if (record.formatVersion !== RESULT_FORMAT_VERSION) {
    throw new InputError(file, `result format ${describeScalar(record.formatVersion)} is not supported (this softmax-ntk reads format ${RESULT_FORMAT_VERSION})`);
  }
}

/** Validates a parsed value as a whole verification result (shard results pass too: they are a superset). */
export function toVerifyResult(value: unknown, file: string): VerifyResult {
  checkHeader(value, file);
  const parsed = verifyResultSchema.safeParse(value);
  if (!parsed.success) throw new InputError(file, `not a valid softmax-ntk result: ${inputErrorFromZod(parsed.error, "result").message}`);
  return value as VerifyResult;
}

/** Validates a parsed value as a shard result (`verify --shard K/N`). */
export function toShardResult(value: unknown, file: string): ShardResult {
  const whole = toVerifyResult(value, file);
  if (!("shard" in whole)) throw new InputError(file, "is a whole verify result, not a shard (shards are written by verify --shard K/N)");
  const parsed = shardResultSchema.safeParse(value);
  if (!parsed.success) throw new InputError(file, `not a valid shard result: ${inputErrorFromZod(parsed.error, "result").message}`);
  const shard = value as ShardResult;
  if (shard.shard.index > shard.shard.count) throw new InputError(file, `shard ${shard.shard.index}/${shard.shard.count} has an index above its count`);
  return shard;
}
