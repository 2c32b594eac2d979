/**
 * Every source (a folder, a git repository, an https base URL) ends up as a local folder holding the
 * data set's files, so the parsers and the loader only ever read local files. No file in that folder is
 * a Git LFS pointer: pointers are replaced by their content or resolving fails.
 */
export interface ResolvedSource {
  /** What the user named, as recorded in ingest_run.source, with any credentials in it masked. */
  description: string;
  /** The local folder that holds the files. */
  folder: string;
  /** How the source was read; see source-location.ts for how a spec is classified. */
  kind?: 'folder' | 'git' | 'https';
  /** For a git source, the commit that was read. */
  revision?: string;
}
