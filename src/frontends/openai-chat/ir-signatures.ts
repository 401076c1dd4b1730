/**
 * The gateway's memory of the signed thinking it returned as `reasoning_content`. OpenAI chat has
 * no field for Claude's thinking signature, and Anthropic rejects thinking blocks without a valid
 * one, so when a client sends an assistant turn back with the same `reasoning_content`, the
 * signed blocks are recovered from here (keyed by a hash of the text; bounded, least recently
 * used evicted). One instance per app (architecture principle 5: no module-level state); a miss
 * (other gateway replica, restart) only means the thinking is dropped from that turn.
 */
import { createHash } from "node:crypto";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import type { RecoveredThinking } from "./ir-messages.js";

function keyOf(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

/** The `reasoning_content` an answer with these blocks showed the client. */
function reasoningText(blocks: readonly RecoveredThinking[]): string {
  return blocks.map((block) => (block.type === "thinking" ? block.text : "")).join("");
}

export class ThinkingMemory {
  private readonly entries = new Map<string, RecoveredThinking[]>();

  constructor(private readonly capacity = 2000) {}

  remember(blocks: readonly RecoveredThinking[]): void {
    const text = reasoningText(blocks);
    if (text === "" || blocks.some((block) => block.type === "thinking" && !block.signature)) return;
    const key = keyOf(text);
    this.entries.delete(key);
    this.entries.set(key, [...blocks]);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  recall(reasoning: string): RecoveredThinking[] | undefined {
    const key = keyOf(reasoning);
    const blocks = this.entries.get(key);
    if (!blocks) return undefined;
    this.entries.delete(key);
    this.entries.set(key, blocks);
    return blocks.map((block) => ({ ...block }));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Collects the thinking blocks of one IR stream, in order, for `ThinkingMemory.remember`. */
export class ThinkingCollector {
  private readonly byIndex = new Map<number, RecoveredThinking>();

  observe(event: IrStreamEvent): void {
    switch (event.type) {
      case "reasoning-start":
        this.byIndex.set(event.index, { type: "thinking", text: "" });
        break;
      case "reasoning-delta": {
        const block = this.byIndex.get(event.index);
        if (block?.type === "thinking") block.text += event.text;
        break;
      }
      case "reasoning-signature": {
        const block = this.byIndex.get(event.index);
        if (block?.type === "thinking") block.signature = (block.signature ?? "") + event.signature;
        break;
      }
      case "redacted-reasoning":
        this.byIndex.set(event.index, { type: "redacted-thinking", data: event.data });
        break;
      default:
        break;
    }
  }

  blocks(): RecoveredThinking[] {
    return [...this.byIndex.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
  }
}
