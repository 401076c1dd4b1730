/**
 * Public entry of the SAP AI Core simulator (`sap-ai-core-llm-proxy/simulator`).
 */
export { startSimulator, type Simulator, type SimulatorOptions } from "./server.js";
export { DEFAULT_BEHAVIOUR, type SimulatorBehaviour } from "./behaviour.js";
export {
  sampleLandscape,
  type TenantSpec,
  type DeploymentSpec,
  type SimTenant,
  type SimDeployment,
} from "./landscape.js";
export { MODEL_CATALOG, type CatalogModel, type Executable } from "./catalog.js";
export type { FaultRuleInput, FaultRule } from "./faults.js";
export type { LoggedRequest } from "./request-log.js";
export type { ServiceKey, X509ServiceKey } from "./service-key.js";
