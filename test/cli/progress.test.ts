import { describe, expect, it } from "vitest";
import { verifyProgress } from "../../src/cli/progress.js";

function sink(isTty: boolean, columns?: number): { text: () => string; write: (t: string) => void; isTty: boolean; columns?: number } {
  let text = "";
  return { text: () => text, write: (t) => (text += t), isTty, ...(columns === undefined ? {} : { columns }) };
}

describe("verify progress", () => {
  it("prints plain numbered result lines when not on a terminal", () => {
    const s = sink(false);
    const p = verifyProgress(s, 2);
    p.line("header");
    p.start("N1", "softmax");
    p.done("N1 softmax holds");
    p.start("N1", "exp");
    p.done("N1 exp violated");
    p.line("summary");
    expect(s.text()).toBe("header\n[1/2] N1 softmax holds\n[2/2] N1 exp violated\nsummary\n");
  });

  it("rewrites one status line in place on a terminal and clears it before permanent lines", () => {
    const s = sink(true, 30);
    const p = verifyProgress(s, 12);
    p.start("N3", "init=coupled,scale=sqrt,and more");
    expect(s.text()).toBe("\r\u001b[2K[1/12] N3 init=coupled,scale…");
    p.done("N3 result");
    p.line("summary");
    expect(s.text()).toBe("\r\u001b[2K[1/12] N3 init=coupled,scale…\r\u001b[2K[1/12] N3 result\nsummary\n");
  });

  it("with a worker pool numbers result lines in completion order and status lines in start order", () => {
    const s = sink(true, 80);
    const p = verifyProgress(s, 2);
    p.start("D4", "a");
    p.start("N1", "b");
    p.done("N1 b holds");
    p.done("D4 a holds");
    expect(s.text()).toBe("\r\u001b[2K[1/2] D4 a …\r\u001b[2K[2/2] N1 b …\r\u001b[2K[1/2] N1 b holds\n[2/2] D4 a holds\n");
  });
});
