/**
 * The error an implementation under test raises when it fails (throws, times out, returns a wrong shape or a
 * non-finite number). The claims engine turns it into a `violated` verdict that names the implementation as the
 * culprit, never an internal error of the suite.
 *
 * @module
 */

/** A failure of the implementation under test, with a one-line message such as `implementation "foo": forward timed out after 5000 ms`. */
export class ImplementationError extends Error {
  /** The implementation's name. */
  readonly implementation: string;

  /** An error of implementation `name` with the problem text `problem` (one line). */
  constructor(name: string, problem: string) {
    super(`implementation "${name}": ${problem}`);
    this.name = "ImplementationError";
    this.implementation = name;
  }
}
