/**
 * What every `/v1/messages` attempt needs besides its deployment (server/serve-with-failover.ts
 * supplies that): the app context, the request and reply, the client's body, the public model name
 * and when the request started.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { GatewayContext } from "../../server/gateway-context.js";

export interface MessagesCall {
  context: GatewayContext;
  request: FastifyRequest;
  reply: FastifyReply;
  body: Record<string, unknown>;
  publicName: string;
  started: number;
}
