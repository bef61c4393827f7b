/**
 * The nesting depth of a parsed JSON value, measured without recursion (a hostile input may be nested far
 * deeper than the call stack allows).
 *
 * @module
 */

/** A JSON path segment: an object key or an array index. */
export type JsonPathKey = string | number;

/**
 * The path to the first value nested more than `maxDepth` arrays or objects deep, or null when none is.
 * Depth counts containers: `1` and `"a"` have depth 0, `[]` and `{}` depth 1, `[[1]]` depth 2.
 *
 * @param value - a value produced by `JSON.parse`.
 * @param maxDepth - the deepest nesting allowed (≥ 0).
 * @returns the keys leading to the first container at depth `maxDepth + 1` (depth-first order), or null.
 */
export function tooDeepPath(value: unknown, maxDepth: number): JsonPathKey[] | null {
  // Explicit stack of [container, path to it]; scalars are never pushed.
  const stack: [unknown, JsonPathKey[]][] = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, JsonPathKey[]];
    if (v === null || typeof v !== "object") continue;
    if (path.length >= maxDepth) return path;
    const entries: [JsonPathKey, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (child !== null && typeof child === "object") stack.push([child, [...path, key]]);
    }
  }
  return null;
}
