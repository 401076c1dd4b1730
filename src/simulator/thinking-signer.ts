/**
 * Signatures of thinking blocks: the simulator signs the thinking text it produces and checks the
 * signature when a client sends the block back on a later turn, as Anthropic does. A client that
 * re-serialises or edits thinking, or forwards one from elsewhere, gets the upstream's 400.
 * The secret is shared by all tenants of one simulator, like one Anthropic backend behind SAP.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export class ThinkingSigner {
  private readonly secret = randomBytes(32);

  sign(thinking: string): string {
    // Real signatures are long opaque base64 strings; pad the MAC to look alike.
    const mac = createHmac("sha256", this.secret).update(thinking, "utf8").digest();
    return Buffer.concat([Buffer.from("SIMSIG1:"), mac, mac]).toString("base64");
  }

  verify(thinking: string, signature: unknown): boolean {
    if (typeof signature !== "string") return false;
    const expected = Buffer.from(this.sign(thinking));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
