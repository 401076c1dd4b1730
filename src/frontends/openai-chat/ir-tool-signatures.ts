/**
 * The gateway's memory of the signatures that came with tool calls, for OpenAI chat clients.
 * Gemini signs its function calls (a `thoughtSignature`, in the IR the signature of the thinking
 * block right before the tool call) and Gemini 3 rejects a tool loop whose calls come back
 * unsigned. OpenAI chat has no field for it, and the signature (hundreds of bytes or more) is too
 * long to hide in a tool-call id, which other upstreams cap (OpenAI: 40 characters). So the route
 * remembers it by the tool-call id it gave the client, and puts it back in front of that tool
 * call when the client sends the assistant turn again. Bounded, least recently used evicted; one
 * instance per app (architecture principle 5). A miss (another replica, a restart) sends the call
 * unsigned, which Gemini 2.5 accepts and Gemini 3 answers with a 400.
 */
import type { IrContentBlock, IrRequest } from "../../ir/request.js";
import type { IrOutputBlock } from "../../ir/response.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";

export class ToolCallSignatures {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity = 4096) {}

  remember(toolCallId: string, signature: string): void {
    this.entries.delete(toolCallId);
    this.entries.set(toolCallId, signature);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  recall(toolCallId: string): string | undefined {
    const signature = this.entries.get(toolCallId);
    if (signature === undefined) return undefined;
    this.entries.delete(toolCallId);
    this.entries.set(toolCallId, signature);
    return signature;
  }

  /** Remembers the signed thinking block before each tool call of an answer. */
  rememberBlocks(blocks: readonly IrOutputBlock[]): void {
    blocks.forEach((block, position) => {
      const previous = blocks[position - 1];
      if (block.type === "tool-call" && previous?.type === "thinking" && previous.signature)
        this.remember(block.id, previous.signature);
    });
  }

  /** An observer of one IR stream that does what `rememberBlocks` does for a whole answer. */
  streamObserver(): (event: IrStreamEvent) => void {
    let pending: string | undefined;
    return (event) => {
      switch (event.type) {
        case "reasoning-start":
        case "text-start":
        case "redacted-reasoning":
          pending = undefined;
          break;
        case "reasoning-signature":
          pending = (pending ?? "") + event.signature;
          break;
        case "tool-call-start":
          if (pending) this.remember(event.id, pending);
          pending = undefined;
          break;
        default:
          break;
      }
    };
  }

  /** Puts remembered signatures back, as signed empty thinking blocks before their tool calls. */
  restore(request: IrRequest): IrRequest {
    const messages = request.messages.map((message) => {
      if (message.role !== "assistant") return message;
      const content: IrContentBlock[] = [];
      for (const block of message.content) {
        const previous = content[content.length - 1];
        const signature = block.type === "tool-call" ? this.recall(block.id) : undefined;
        if (signature && !(previous?.type === "thinking" && previous.signature))
          content.push({ type: "thinking", text: "", signature });
        content.push(block);
      }
      return { ...message, content };
    });
    return { ...request, messages };
  }

  get size(): number {
    return this.entries.size;
  }
}
