import { DefaultArtifactClient } from '@actions/artifact';
import type { RepoRef } from './types.js';

/** Moves files to and from GitHub Actions artifacts. */
export interface ArtifactStore {
  /** Uploads `files` (absolute paths under `rootDirectory`) as artifact `name`; resolves to its id. */
  upload(name: string, files: readonly string[], rootDirectory: string): Promise<number | null>;
  /** Downloads artifact `artifactId` of run `runId` into `directory` (extracted). */
  download(artifactId: number, runId: number, directory: string): Promise<void>;
}

/** The @actions/artifact-backed store; downloads from other runs use the REST API with `token`. */
export function createArtifactStore(token: string, repo: RepoRef, retentionDays?: number): ArtifactStore {
  const client = new DefaultArtifactClient();
  return {
    async upload(name, files, rootDirectory) {
      const response = await client.uploadArtifact(name, [...files], rootDirectory, {
        ...(retentionDays ? { retentionDays } : {}),
      });
      return response.id ?? null;
    },
    async download(artifactId, runId, directory) {
      await client.downloadArtifact(artifactId, {
        path: directory,
        findBy: { token, workflowRunId: runId, repositoryOwner: repo.owner, repositoryName: repo.repo },
      });
    },
  };
}
