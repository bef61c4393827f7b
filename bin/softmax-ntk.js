#!/usr/bin/env node
// Entry point of the `softmax-ntk` command: runs the compiled CLI (built by `npm install` via `prepare`).
import { runCli } from "../dist/src/cli/main.js";

process.exitCode = await runCli(process.argv.slice(2));
