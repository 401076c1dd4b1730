// Review item 3: each backpressure wait of writeSse removes both its listeners (drain and close);
// a long stream to a slow client must not pile up `close` listeners.
import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { writeSse } from "../../src/server/sse-response.js";

/** A response whose every write fills the buffer; `drain` follows on the next tick. */
class SlowResponse extends EventEmitter {
  destroyed = false;
  writableFinished = false;
  readonly written: string[] = [];
  writeHead(): this {
    return this;
  }
  cork(): void {}
  uncork(): void {}
  write(frame: string): boolean {
    this.written.push(frame);
    setImmediate(() => this.emit("drain"));
    return false;
  }
  end(): void {
    this.writableFinished = true;
  }
}

describe("writeSse backpressure", () => {
  it("leaves no drain or close listener behind after each wait", async () => {
    const response = new SlowResponse();
    const counts: number[] = [];
    async function* frames() {
      for (let index = 0; index < 50; index += 1) {
        await Promise.resolve();
        counts.push(response.listenerCount("close") + response.listenerCount("drain"));
        yield `data: ${index}\n\n`;
      }
    }
    await writeSse(response as unknown as ServerResponse, {}, frames(), new AbortController());
    expect(response.written).toHaveLength(50);
    // only writeSse's own close listener (client gone -> abort upstream) while streaming
    expect(Math.max(...counts)).toBe(1);
    expect(response.listenerCount("close") + response.listenerCount("drain")).toBe(0);
  });
});
