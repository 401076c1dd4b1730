// Fakes for the routing unit tests: candidates, a hand-driven clock, a log that keeps lines.
import type { Candidate } from "../../src/routing/model-registry.js";
import type { RoutingLog } from "../../src/routing/failover.js";

export function candidate(subAccount: string, deploymentId: string): Candidate {
  return {
    subAccount,
    resourceGroup: "default",
    deploymentId,
    deploymentUrl: `https://api.example/v2/inference/deployments/${deploymentId}`,
    family: "azure-openai-chat",
    sapModel: "gpt-4o",
  };
}

export const A1 = candidate("a", "d1");
export const B1 = candidate("b", "d2");
export const C1 = candidate("c", "d3");

export class FakeClock {
  constructor(public nowMs = Date.parse("2026-03-01T12:00:00Z")) {}
  readonly now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export interface LogLine {
  level: "debug" | "info" | "warn";
  fields: Record<string, unknown>;
  message: string;
}

export class MemoryLog implements RoutingLog {
  readonly lines: LogLine[] = [];
  debug(fields: object, message: string): void {
    this.lines.push({ level: "debug", fields: fields as Record<string, unknown>, message });
  }
  info(fields: object, message: string): void {
    this.lines.push({ level: "info", fields: fields as Record<string, unknown>, message });
  }
  warn(fields: object, message: string): void {
    this.lines.push({ level: "warn", fields: fields as Record<string, unknown>, message });
  }
  messages(level?: LogLine["level"]): string[] {
    return this.lines
      .filter((line) => level === undefined || line.level === level)
      .map((line) => line.message);
  }
}
