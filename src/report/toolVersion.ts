/**
 * The tool's version, read from the package's own `package.json` (found by walking up from this module, so it
 * works from the sources and from the compiled `dist/`).
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package name whose `package.json` is looked for. */
const PACKAGE_NAME = "softmax-ntk";

let cached: string | undefined;

/**
 * The directory of softmax-ntk's own `package.json` (walking up from this module, so it works from the sources
 * and from `dist/`), or null when it cannot be found.
 */
export function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown };
      if (pkg.name === PACKAGE_NAME) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The version field of softmax-ntk's `package.json`, or `unknown` when it cannot be found. */
export function toolVersion(): string {
  if (cached !== undefined) return cached;
  const root = packageRoot();
  if (root === null) return (cached = "unknown");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown };
  return (cached = typeof pkg.version === "string" ? pkg.version : "unknown");
}
