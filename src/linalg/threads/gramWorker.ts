/**
 * The helper thread of `./gramThreads.ts`: for each job, rows from…to−1 of the Gram matrix's lower triangle
 * (`gramRowsInto`) from the shared A into the shared output, then control[0] = 1 (done) or 2 (failed) and a
 * notify. Messages: { a (A at byte offset aOffset), out: SharedArrayBuffer; control: SharedArrayBuffer (one Int32); P, q, from, to }.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { gramRowsInto } from "../dense.js";

/** One job of the helper. */
interface GramJob {
  readonly a: SharedArrayBuffer;
  /** Byte offset of A in `a`. */
  readonly aOffset: number;
  readonly out: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
  readonly P: number;
  readonly q: number;
  readonly from: number;
  readonly to: number;
}

parentPort?.on("message", (job: GramJob) => {
  const control = new Int32Array(job.control);
  try {
    gramRowsInto(new Float64Array(job.a, job.aOffset, job.P * job.q), job.P, job.q, new Float64Array(job.out, 0, job.P * job.P), job.from, job.to);
    Atomics.store(control, 0, 1);
  } catch {
    Atomics.store(control, 0, 2);
  }
  Atomics.notify(control, 0);
});
