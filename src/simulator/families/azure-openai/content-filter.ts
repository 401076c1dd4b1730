/**
 * Azure content-filter annotations, which every Azure OpenAI response on SAP AI Core carries
 * (recorded fixtures in `fixtures/sap-ai-sdk-js/foundation-models/`).
 */

export const SAFE_FILTER_RESULTS = {
  hate: { filtered: false, severity: "safe" },
  self_harm: { filtered: false, severity: "safe" },
  sexual: { filtered: false, severity: "safe" },
  violence: { filtered: false, severity: "safe" },
};

export const PROMPT_FILTER_RESULTS = [{ prompt_index: 0, content_filter_results: SAFE_FILTER_RESULTS }];

/** The first event of every Azure stream: no choices, only the prompt filter results. */
export const PROMPT_FILTER_EVENT = {
  choices: [],
  created: 0,
  id: "",
  model: "",
  object: "",
  prompt_filter_results: PROMPT_FILTER_RESULTS,
};
