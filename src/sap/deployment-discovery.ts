/**
 * Startup: builds the model registry from each subaccount's configuration and its AI API listing
 * (cached on disk for 7 days). `deployment_models` URLs and `deployment_ids` may be mixed; a
 * subaccount that lists neither exposes every RUNNING deployment under its SAP model name. The
 * listing tells each deployment's executable and model; names are checked against it.
 */
import type { Dispatcher } from "undici";
import { isModelAllowed, type GatewayConfig, type SubAccount } from "../config/gateway-config.js";
import type { Logger } from "../observability/logger.js";
import { ModelRegistry } from "../routing/model-registry.js";
import { cacheKey, DeploymentCache, formatRemaining } from "./deployment-cache.js";
import { getDeployment, listDeployments, type AiApiTarget, type DeploymentInfo } from "./deployments-api.js";
import { modelFamily } from "./model-family.js";
import { nameMismatch } from "./name-check.js";
import type { TokenProvider } from "./token-provider.js";

export class DiscoveryError extends Error {
  override readonly name = "DiscoveryError";
}

export interface DiscoveryOptions {
  config: GatewayConfig;
  tokens: ReadonlyMap<string, TokenProvider>;
  http: Dispatcher;
  logger: Logger;
  clock: () => number;
  /** Ignore cached listings (`--refresh-cache`). */
  refreshCache?: boolean;
}

/** Errors of the token provider and the AI API client already name the subaccount. */
function withSubAccount(name: string, message: string): string {
  const prefix = `Subaccount "${name}": `;
  return message.startsWith(prefix) ? message : `${prefix}${message}`;
}

function idFromUrl(url: string): string {
  return url.replace(/\/+$/, "").split("/").pop() ?? url;
}

async function deploymentsOf(
  account: SubAccount,
  target: AiApiTarget,
  cache: DeploymentCache,
  options: DiscoveryOptions,
): Promise<DeploymentInfo[]> {
  const key = cacheKey(account.credentials.clientId, account.credentials.aiApiUrl, account.resourceGroup);
  if (!options.refreshCache) {
    const cached = cache.read(key);
    if (cached) {
      options.logger.info(
        { subAccount: account.name },
        `Using cache (expires in ${formatRemaining(cached.remainingMs)})`,
      );
      return cached.deployments;
    }
  }
  const deployments = await listDeployments(target);
  try {
    cache.write(key, deployments);
  } catch (error) {
    // the listing is good; only the next startup loses its cache
    options.logger.warn(
      { subAccount: account.name },
      `Cannot write the deployment cache (${(error as Error).message}); continuing without it`,
    );
  }
  options.logger.info(
    { subAccount: account.name, deployments: deployments.length },
    "Fetched deployments from the AI API",
  );
  return deployments;
}

export async function discoverDeployments(options: DiscoveryOptions): Promise<ModelRegistry> {
  const { config, logger } = options;
  const cache = new DeploymentCache(config.cacheDir, options.clock);
  if (options.refreshCache) cache.clear();
  const registry = new ModelRegistry();
  const filteredOut = new Set<string>();
  /** Filtered models behave as if never configured (seed README); each is logged once. */
  const allowed = (publicName: string): boolean => {
    if (isModelAllowed(config.modelFilter, publicName)) return true;
    if (!filteredOut.has(publicName)) {
      filteredOut.add(publicName);
      const { include } = config.modelFilter;
      const reason =
        include.length > 0 && !include.some((pattern) => pattern.test(publicName))
          ? "matches no include pattern"
          : "matches an exclude pattern";
      logger.info(`Model '${publicName}' filtered out by model_filters (${reason})`);
    }
    return false;
  };
  const register = (
    account: SubAccount,
    publicName: string,
    deployment: DeploymentInfo | undefined,
    id: string,
    url: string,
  ) => {
    if (deployment?.modelName) {
      const mismatch = nameMismatch(publicName, deployment.modelName);
      if (mismatch) {
        logger.warn(
          { subAccount: account.name },
          `Configuration mismatch: Model '${publicName}' mapped to deployment '${id}' which is running '${deployment.modelName}' (${mismatch})`,
        );
      }
    }
    if (deployment && deployment.status !== "RUNNING") {
      logger.warn(
        { subAccount: account.name },
        `Deployment '${id}' for model '${publicName}' is ${deployment.status}`,
      );
    }
    registry.add(publicName, {
      subAccount: account.name,
      resourceGroup: account.resourceGroup,
      deploymentId: id,
      deploymentUrl: url.replace(/\/+$/, ""),
      family: modelFamily(deployment?.executableId ?? null, deployment?.modelName ?? null, publicName),
      sapModel: deployment?.modelName ?? null,
    });
  };

  for (const account of config.subAccounts) {
    const tokens = options.tokens.get(account.name);
    if (!tokens) throw new DiscoveryError(`No token provider for subaccount "${account.name}"`);
    const target: AiApiTarget = {
      subAccount: account.name,
      aiApiUrl: account.credentials.aiApiUrl,
      resourceGroup: account.resourceGroup,
      tokens,
      http: options.http,
    };
    const configured =
      Object.keys(account.deploymentModels).length + Object.keys(account.deploymentIds).length > 0;
    const onlyUrls = Object.keys(account.deploymentIds).length === 0 && configured;
    let listing: DeploymentInfo[];
    try {
      listing = await deploymentsOf(account, target, cache, options);
    } catch (error) {
      if (!onlyUrls) throw new DiscoveryError(withSubAccount(account.name, (error as Error).message));
      logger.warn(
        { subAccount: account.name },
        `Cannot list deployments (${(error as Error).message}); model families are guessed from names`,
      );
      listing = [];
    }
    const byId = new Map(listing.map((deployment) => [deployment.id, deployment]));

    if (!configured) {
      for (const deployment of listing) {
        if (deployment.status === "RUNNING" && deployment.modelName && allowed(deployment.modelName))
          register(account, deployment.modelName, deployment, deployment.id, deployment.url);
      }
      continue;
    }
    for (const [publicName, urls] of Object.entries(account.deploymentModels)) {
      if (!allowed(publicName)) continue;
      for (const url of urls) {
        const id = idFromUrl(url);
        const deployment = byId.get(id);
        if (!deployment && listing.length > 0)
          logger.warn(
            { subAccount: account.name },
            `Deployment '${id}' of model '${publicName}' is not among the subaccount's deployments`,
          );
        register(account, publicName, deployment, id, url);
      }
    }
    for (const [publicName, ids] of Object.entries(account.deploymentIds)) {
      if (!allowed(publicName)) continue;
      for (const id of ids) {
        let deployment = byId.get(id);
        try {
          deployment ??= await getDeployment(target, id);
        } catch (error) {
          throw new DiscoveryError(withSubAccount(account.name, (error as Error).message));
        }
        if (!deployment) {
          throw new DiscoveryError(
            `Subaccount "${account.name}": deployment_ids.${publicName}: deployment "${id}" does not exist in resource group "${account.resourceGroup}"`,
          );
        }
        register(account, publicName, deployment, id, deployment.url);
      }
    }
  }
  return registry;
}
