/**
 * On-disk cache of each subaccount's deployment list (seed behaviour: 7 days, log line
 * `Using cache (expires in 6d 23h)`; reference/seed-project-inventory.md section 3.7), one JSON
 * file per subaccount keyed by client id, AI API URL and resource group.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DeploymentInfo } from "./deployments-api.js";

const CACHE_FILE = /^[0-9a-f]{32}\.json$/;

export const CACHE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

interface CacheFile {
  version: 1;
  savedAt: number;
  expiresAt: number;
  deployments: DeploymentInfo[];
}

export function cacheKey(clientId: string, aiApiUrl: string, resourceGroup: string): string {
  return createHash("sha256").update(`${clientId}:${aiApiUrl}:${resourceGroup}`).digest("hex").slice(0, 32);
}

/** `6d 23h`, `5h 12m`, `3m` */
export function formatRemaining(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes % 60}m`;
  return `${minutes}m`;
}

export class DeploymentCache {
  constructor(
    private readonly directory: string,
    private readonly clock: () => number,
  ) {}

  read(key: string): { deployments: DeploymentInfo[]; remainingMs: number } | undefined {
    try {
      const file = JSON.parse(readFileSync(join(this.directory, `${key}.json`), "utf8")) as CacheFile;
      const remainingMs = file.expiresAt - this.clock();
      if (file.version !== 1 || remainingMs <= 0 || !Array.isArray(file.deployments)) return undefined;
      return { deployments: file.deployments, remainingMs };
    } catch {
      return undefined;
    }
  }

  write(key: string, deployments: DeploymentInfo[]): void {
    mkdirSync(this.directory, { recursive: true });
    const now = this.clock();
    const file: CacheFile = { version: 1, savedAt: now, expiresAt: now + CACHE_TTL_MS, deployments };
    writeFileSync(join(this.directory, `${key}.json`), `${JSON.stringify(file, null, 1)}\n`);
  }

  /**
   * Deletes this cache's own files only (`<32 hex>.json`): `cache_dir` may be shared with other
   * files, even be the configuration directory itself.
   */
  clear(): void {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch {
      return;
    }
    for (const name of names) {
      if (CACHE_FILE.test(name)) rmSync(join(this.directory, name), { force: true });
    }
  }
}
