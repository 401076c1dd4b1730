// A recorded-looking Claude stream on Bedrock (/invoke-with-response-stream): thinking with a
// signature, text with multi-byte characters, a tool_use whose input arrives in several
// input_json_delta fragments, a tool_use without input, and Bedrock's invocation metrics.
export const CLAUDE_EVENTS: Record<string, unknown>[] = [
  {
    type: "message_start",
    message: {
      id: "msg_bdrk_01ABC",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 20,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 1500,
        output_tokens: 1,
      },
    },
  },
  { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } },
  { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Let me " } },
  { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "check." } },
  {
    type: "content_block_delta",
    index: 0,
    delta: { type: "signature_delta", signature: "EqQBCkYIBxgCKkA=" },
  },
  { type: "content_block_stop", index: 0 },
  { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } },
  { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Prüfe " } },
  { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "das Wetter ☀️." } },
  { type: "content_block_stop", index: 1 },
  {
    type: "content_block_start",
    index: 2,
    content_block: { type: "tool_use", id: "toolu_bdrk_01", name: "get_weather", input: {} },
  },
  { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: "" } },
  { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: '{"city": ' } },
  { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: '"Zürich"}' } },
  { type: "content_block_stop", index: 2 },
  {
    type: "content_block_start",
    index: 3,
    content_block: { type: "tool_use", id: "toolu_bdrk_02", name: "get_time", input: {} },
  },
  { type: "content_block_stop", index: 3 },
  {
    type: "message_delta",
    delta: { stop_reason: "tool_use", stop_sequence: null },
    usage: { output_tokens: 42 },
  },
  {
    type: "message_stop",
    "amazon-bedrock-invocationMetrics": {
      inputTokenCount: 20,
      outputTokenCount: 42,
      invocationLatency: 900,
      firstByteLatency: 300,
    },
  },
];
