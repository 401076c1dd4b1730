/**
 * Deterministic unit-length embedding vectors: the same text always maps to the same vector,
 * different texts to different ones, so clients can test similarity search against the simulator.
 */
import { createHash } from "node:crypto";

export function embeddingVector(text: string, dimensions: number): number[] {
  const values: number[] = [];
  let block = 0;
  while (values.length < dimensions) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let offset = 0; offset + 2 <= digest.length && values.length < dimensions; offset += 2) {
      values.push(digest.readUInt16BE(offset) / 32767.5 - 1);
    }
    block += 1;
  }
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
  return values.map((value) => Math.fround(value / norm));
}

/** OpenAI's `encoding_format: "base64"`: little-endian float32 values, base64-encoded. */
export function vectorToBase64(vector: number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
  return buffer.toString("base64");
}
