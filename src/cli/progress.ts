/**
 * Progress of `verify`, one claim × variant at a time. On a terminal a status line `[3/18] N3 init=iid …` is
 * rewritten in place (carriage return + erase line) while a variant runs, and replaced by the variant's result
 * line when it ends; elsewhere (CI logs, pipes) only the plain result lines are printed, each prefixed with its
 * position `[k/total]`, so the log shows which variant was running when a run stopped. The status line counts
 * variants started, a result line results finished: the same in a serial run; with a worker pool (`verify
 * --workers`) several variants run at once, results arrive in completion order, and the status line shows the
 * variant started last.
 *
 * No progress-bar library: a serial run is synchronous, so nothing could redraw a bar between two variants
 * anyway, and two escape sequences are all a one-line status needs.
 *
 * @module
 */

/** Where progress goes. */
export interface ProgressSink {
  /** Writes text as is. */
  write(text: string): void;
  /** True for an interactive terminal: the status line is rewritten in place. */
  readonly isTty: boolean;
  /** Terminal width in characters (status lines are cut to fit); unknown → 80. */
  readonly columns?: number;
}

/** The progress of one run over `total` claim × variant results. */
export interface VerifyProgress {
  /** A variant is about to run. */
  start(claimId: string, variant: string): void;
  /** It finished: `line` is its one-line result. */
  done(line: string): void;
  /** A permanent line (header, summary), clearing any status line first. */
  line(text: string): void;
}

/** Carriage return and "erase entire line" (ECMA-48 EL 2). */
const CLEAR_LINE = "\r\u001b[2K";

/** Cuts text to `width` characters (code points), ending with `…` when cut. */
function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(1, width - 1)).join("")}…`;
}

/**
 * Creates the progress reporter of a run.
 *
 * @param sink - the stream (stdout, or stderr when stdout carries JSON).
 * @param total - number of claim × variant results the run will produce.
 */
export function verifyProgress(sink: ProgressSink, total: number): VerifyProgress {
  let started = 0;
  let finished = 0;
  let statusShown = false;
  const width = Math.max(20, (sink.columns ?? 80) - 1);
  const position = (k: number): string => `[${k}/${total}]`;
  const clear = (): void => {
    if (statusShown) sink.write(CLEAR_LINE);
    statusShown = false;
  };
  return {
    start(claimId, variant) {
      started++;
      if (!sink.isTty) return;
      sink.write(`${CLEAR_LINE}${fit(`${position(started)} ${claimId} ${variant} …`, width)}`);
      statusShown = true;
    },
    done(line) {
      finished++;
      clear();
      sink.write(`${position(finished)} ${line}\n`);
    },
    line(text) {
      clear();
      sink.write(text.endsWith("\n") ? text : `${text}\n`);
    },
  };
}
