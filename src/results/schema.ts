/**
 * zod schemas of the result files `merge` and `compare` read: a whole {@link VerifyResult} (`report.json`,
 * `verify --json`) and a {@link ShardResult} (`verify --shard K/N`). They check every field the commands and the
 * report renderer rely on; objects are loose (unknown fields pass), so a file written by a newer tool with extra
 * fields of the same format version still reads.
 *
 * @module
 */
import { z } from "zod";
import { MAX_SHARDS } from "../../properties/engine/shard.js";

const verdict = z.enum(["holds", "violated", "inconclusive", "assumption-unmet"]);
const count = z.number().int().nonnegative();
const nullableNumber = z.number().nullable();
const cell = z.union([z.string(), z.number(), z.null()]);
const measurementValue = z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.union([z.number(), z.null()]))]);

const table = z.looseObject({ title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(cell)) });

/** A series coordinate: a number, or null where the run produced NaN or ±∞ (JSON has no such literals; figures leave such points out). */
const coordinate = nullableNumber;
const seriesPoint = z.looseObject({ x: coordinate, y: coordinate, group: z.string().optional(), trace: z.string().optional() });
const referenceLine = z.looseObject({ label: z.string(), points: z.array(z.looseObject({ x: coordinate, y: coordinate })) });
const axisScale = z.enum(["linear", "log"]);
const series = z.looseObject({
  id: z.string(),
  title: z.string(),
  caption: z.string().optional(),
  xLabel: z.string(),
  yLabel: z.string(),
  xScale: axisScale,
  yScale: axisScale,
  groupLabel: z.string().optional(),
  groups: z.array(z.string()).optional(),
  mark: z.enum(["point", "line", "line+point"]).optional(),
  points: z.array(seriesPoint),
  reference: z.array(referenceLine).optional(),
});

const seed = z.number().int().min(0).max(0xffffffff);

const variantResult = z.looseObject({
  variant: z.string(),
  verdict,
  reason: z.string(),
  keyNumber: z.looseObject({ name: z.string(), value: nullableNumber }),
  slack: nullableNumber,
  measurements: z.record(z.string(), measurementValue),
  tables: z.array(table),
  coverage: z.record(z.string(), z.number()),
  cases: count,
  replay: z.looseObject({ seed, path: z.string(), counterexample: z.unknown() }).optional(),
  seed,
  series: z.array(series).optional(),
});

const claimResult = z.looseObject({
  id: z.string(),
  family: z.string(),
  title: z.string(),
  statement: z.string(),
  provenance: z.enum(["derived", "paper (reconstructed)"]),
  paperLocation: z.string(),
  results: z.array(variantResult),
  durationMs: z.number(),
});

/** A whole verification result (`report.json`, `verify --json`, `merge --json`). */
export const verifyResultSchema = z.looseObject({
  tool: z.literal("softmax-ntk"),
  formatVersion: z.number().int(),
  profile: z.enum(["quick", "standard", "thorough"]),
  seed,
  claims: z.array(claimResult),
  summary: z.looseObject({ holds: count, violated: count, inconclusive: count, "assumption-unmet": count }),
  timing: z.looseObject({ totalMs: z.number(), startedAt: z.string() }),
  environment: z.looseObject({ node: z.string(), platform: z.string(), arch: z.string() }),
  implementation: z.looseObject({ name: z.string(), module: z.string(), methods: z.array(z.enum(["forward", "gradient", "ntk"])) }).optional(),
});

/** A shard's result (`verify --shard K/N`): a result plus the tool version, the shard and the whole run's plan. */
export const shardResultSchema = verifyResultSchema.extend({
  toolVersion: z.string(),
  shard: z.looseObject({ index: z.number().int().min(1).max(MAX_SHARDS), count: z.number().int().min(1).max(MAX_SHARDS) }),
  plan: z.array(z.looseObject({ id: z.string(), variants: z.array(z.string()).min(1) })),
});
