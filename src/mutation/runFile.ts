/**
 * Reading `mutants.json` back (for the report's "Mutation self-test" section): parsed, checked against a schema
 * of the fields the renderer uses, and refused with an {@link InputError} naming the file otherwise.
 *
 * @module
 */
import { z } from "zod";
import { InputError, inputErrorFromZod, parseJsonText } from "../io/inputError.js";
import { MUTANT_STATUSES } from "./outcome.js";
import { MUTATION_FORMAT_VERSION, type MutationRun } from "./selfTest.js";

/** The file name of a mutants run inside the report directory. */
export const MUTANTS_FILE = "mutants.json";

const keyNumber = z.looseObject({ name: z.string(), value: z.number().nullable() });
const change = z.looseObject({ claim: z.string(), variant: z.string(), keyNumber, reason: z.string(), crash: z.boolean() });
const outcome = z.looseObject({
  id: z.string(),
  component: z.string(),
  file: z.string(),
  bug: z.string(),
  status: z.enum(MUTANT_STATUSES as [string, ...string[]]),
  killers: z.array(z.string()),
  crashKillers: z.array(z.string()),
  declaredKillers: z.array(z.string()),
  declaredKillerHit: z.boolean(),
  firstKill: change.nullable(),
  changes: z.array(change),
  durationMs: z.number(),
  detail: z.string().optional(),
});
const count = z.number().int().nonnegative();
const runSchema = z.looseObject({
  tool: z.literal("softmax-ntk"),
  kind: z.literal("mutants"),
  formatVersion: z.literal(MUTATION_FORMAT_VERSION),
  toolVersion: z.string(),
  profile: z.string(),
  seed: count,
  claims: z.array(z.string()).nullable(),
  startedAt: z.string(),
  timeout: z.looseObject({ ms: z.number(), rule: z.string() }),
  reference: z.looseObject({ durationMs: z.number() }),
  mutants: z.array(outcome),
  score: z.looseObject({ killed: count, total: count, declaredKillerHits: count }),
});

/** Parses and validates the text of a `mutants.json`; `file` names it in errors. */
export function parseMutationRun(text: string, file: string): MutationRun {
  const value = parseJsonText(text, file);
  const parsed = runSchema.safeParse(value);
  if (!parsed.success) throw new InputError(file, `not a valid softmax-ntk mutants result: ${inputErrorFromZod(parsed.error, "mutants").message}`);
  return value as MutationRun;
}
