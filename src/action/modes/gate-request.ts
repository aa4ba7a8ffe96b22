import type { CompareOptions } from '../../core/compare/types.js';
import type { ResultsFile } from '../../core/results/types.js';
import type { GitHubApi } from '../../github/types.js';

/** Where the gate looks for baselines and what it compares them with. */
export interface GateRequest {
  readonly api: GitHubApi;
  readonly workflow: string;
  readonly branch: string;
  readonly artifactName: string;
  readonly head: ResultsFile;
  readonly options: Partial<CompareOptions>;
  readonly resultsPath: string;
  readonly workDir: string;
}
