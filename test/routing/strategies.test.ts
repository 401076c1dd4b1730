// Balancing strategies: the order in which one request tries a model's available deployments,
// and the distribution of first choices over many requests.
import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/routing/model-registry.js";
import { DEFAULT_MODEL_ROUTING, type ModelRouting } from "../../src/routing/routing-config.js";
import { Balancer } from "../../src/routing/strategies.js";
import { A1, B1, C1, candidate } from "./fakes.js";

const ids = (order: Candidate[]) => order.map((entry) => entry.deploymentId);
const noLoad = () => 0;

function firstChoices(
  balancer: Balancer,
  options: ModelRouting,
  candidates: Candidate[],
  runs: number,
): string[] {
  return Array.from(
    { length: runs },
    () => balancer.order("m", candidates, options, noLoad)[0]!.deploymentId,
  );
}

describe("round-robin", () => {
  const options = DEFAULT_MODEL_ROUTING;

  it("rotates the starting point per request and keeps the rest as failover order", () => {
    const balancer = new Balancer();
    expect(ids(balancer.order("m", [A1, B1, C1], options, noLoad))).toEqual(["d1", "d2", "d3"]);
    expect(ids(balancer.order("m", [A1, B1, C1], options, noLoad))).toEqual(["d2", "d3", "d1"]);
    expect(ids(balancer.order("m", [A1, B1, C1], options, noLoad))).toEqual(["d3", "d1", "d2"]);
    expect(ids(balancer.order("m", [A1, B1, C1], options, noLoad))).toEqual(["d1", "d2", "d3"]);
  });

  it("counts per model", () => {
    const balancer = new Balancer();
    balancer.order("m", [A1, B1], options, noLoad);
    expect(ids(balancer.order("other", [A1, B1], options, noLoad))).toEqual(["d1", "d2"]);
  });

  it("spreads evenly over what is available", () => {
    const balancer = new Balancer();
    const choices = firstChoices(balancer, options, [A1, C1], 6);
    expect(choices.filter((id) => id === "d1")).toHaveLength(3);
  });
});

describe("weighted", () => {
  it("leads in proportion to the weights, interleaved (smooth weighted round robin)", () => {
    const balancer = new Balancer();
    const options: ModelRouting = { ...DEFAULT_MODEL_ROUTING, strategy: "weighted", weights: { a: 3, b: 1 } };
    const choices = firstChoices(balancer, options, [A1, B1], 8);
    expect(choices).toEqual(["d1", "d1", "d2", "d1", "d1", "d1", "d2", "d1"]);
  });

  it("gives unlisted deployments weight 1 and lets a deployment entry win over its subaccount", () => {
    const balancer = new Balancer();
    const a2 = candidate("a", "d9");
    const options: ModelRouting = {
      ...DEFAULT_MODEL_ROUTING,
      strategy: "weighted",
      weights: { a: 4, "a/d9": 2 },
    };
    const choices = firstChoices(balancer, options, [A1, a2, B1], 700);
    const count = (id: string) => choices.filter((choice) => choice === id).length;
    expect([count("d1"), count("d9"), count("d2")]).toEqual([400, 200, 100]);
  });

  it("orders the failover by weight and uses weight 0 only as the last resort", () => {
    const balancer = new Balancer();
    const options: ModelRouting = {
      ...DEFAULT_MODEL_ROUTING,
      strategy: "weighted",
      weights: { a: 0, b: 1, c: 5 },
    };
    for (let run = 0; run < 12; run += 1) {
      const order = ids(balancer.order("m", [A1, B1, C1], options, noLoad));
      expect(order.at(-1)).toBe("d1");
      expect(order).toHaveLength(3);
    }
    expect(ids(balancer.order("m", [A1], options, noLoad))).toEqual(["d1"]);
    expect(firstChoices(balancer, options, [A1, candidate("a", "d8")], 4).sort()).toEqual([
      "d1",
      "d1",
      "d8",
      "d8",
    ]);
  });
});

describe("least-in-flight", () => {
  const options: ModelRouting = { ...DEFAULT_MODEL_ROUTING, strategy: "least-in-flight" };

  it("puts the deployment with the fewest requests in flight first", () => {
    const load = new Map([
      ["d1", 5],
      ["d2", 0],
      ["d3", 2],
    ]);
    const balancer = new Balancer();
    expect(ids(balancer.order("m", [A1, B1, C1], options, (entry) => load.get(entry.deploymentId)!))).toEqual(
      ["d2", "d3", "d1"],
    );
  });

  it("rotates among equally loaded deployments", () => {
    const balancer = new Balancer();
    expect(firstChoices(balancer, options, [A1, B1, C1], 3)).toEqual(["d1", "d2", "d3"]);
  });
});
