/**
 * Entry module of a pool worker thread (`./pool.ts`): loads the claim registry and the implementation under
 * test once, says `ready`, then runs one claim × variant unit per `run` message and answers with its
 * {@link VariantResult} and the time it took. The result is exactly what `claim.run` returns in a serial run
 * (same function, same arguments); it reaches the main thread by structured clone, which keeps plain JSON data
 * (objects, arrays, numbers including NaN and −0, strings, booleans, null) as it is.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { implementationFor } from "../../src/implementation/spec.js";
import { PROFILES } from "./profiles.js";
import type { FromWorker, ToWorker, WorkerSetup } from "./poolProtocol.js";
import type { RegisteredClaim } from "./registry.js";

const port = parentPort;
if (port === null) throw new Error("poolWorker.js must run as a worker thread");
const setup = workerData as WorkerSetup;
const { CLAIMS } = (await import(setup.claimsModule)) as { CLAIMS: readonly RegisteredClaim[] };
const profile = PROFILES[setup.profile];
const impl = implementationFor(setup.impl);

const send = (message: FromWorker): void => port.postMessage(message);

port.on("message", (message: ToWorker) => {
  const claim = CLAIMS.find((c) => c.id === message.claimId);
  const variant = claim?.variants(profile).find((v) => v.label === message.variant);
  if (claim === undefined || variant === undefined) {
    send({ kind: "unknown", index: message.index, message: `no claim ${message.claimId} with variant ${message.variant} in ${setup.claimsModule}` });
    return;
  }
  const start = performance.now();
  const result = claim.run(variant, profile, setup.runSeed, impl);
  send({ kind: "result", index: message.index, result, ms: performance.now() - start });
});
send({ kind: "ready" });
