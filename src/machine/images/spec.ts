// How an image is described: its name and tag, its layers (bottom first), its history and its
// config — the fields of the OCI/Docker image config a runtime uses (Env, Cmd, Entrypoint,
// WorkingDir, User).
import type { LayerEntry } from './layer';

export interface LayerSpec {
  /** when the layer was built: seconds since the epoch (the mtime of its files) */
  createdSec: number;
  /** the layer's entries, every program the image has included (filtered at install time) */
  entries: LayerEntry[];
}

/** One history entry of the image config; those without `emptyLayer` made the layers, in order. */
export interface HistoryEntry {
  created: string;
  /** the Dockerfile step; "{diff}" stands for the digest of the layer it made (hex) */
  createdBy: string;
  /** BuildKit writes "buildkit.dockerfile.v0" */
  comment?: string;
  emptyLayer?: boolean;
}

/** The runtime part of an image config ("config" in the JSON); optional fields are omitted there when unset. */
export interface ImageConfig {
  User?: string;
  Env: string[];
  Cmd: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  ArgsEscaped?: boolean;
  OnBuild?: null;
}

export interface ImageSpec {
  /** repository name as `docker images` shows it: busybox, alpine, ubuntu */
  repo: string;
  tag: string;
  created: string;
  architecture: 'amd64';
  os: 'linux';
  /** bottom first; an image built FROM another lists the same LayerSpec objects first */
  layers: LayerSpec[];
  history: HistoryEntry[];
  config: ImageConfig;
  /** one line for the layer panel and docs */
  description: string;
}
