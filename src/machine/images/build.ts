// From image specs to what the store writes: each layer's present entries, its diff id, chain id,
// overlay2 directory name (cache id) and l/ link name, and each image's config JSON and id.
// Everything is a pure function of the specs and of the simulator's program set, so it is
// computed once per process and shared by every machine booted afterwards.
import type { ImageSpec, LayerSpec } from './spec';
import { diffIdOf, layerSize, presentEntries, type LayerEntry } from './layer';
import { linkId, sha256hex } from './hash';

export interface BuiltLayer {
  spec: LayerSpec;
  /** the entries present given the simulator's programs */
  entries: LayerEntry[];
  /** sha256:<hex> */
  diffId: string;
  /** sha256:<hex>: the diff id for a bottom layer, else digest("<parent chain id> <diff id>") */
  chainId: string;
  parentChainId: string | null;
  /** the layer's directory name under /var/lib/docker/overlay2 (64 hex digits) */
  cacheId: string;
  /** its 26-character name under /var/lib/docker/overlay2/l */
  link: string;
  /** bytes, as layerdb's `size` file has it */
  size: number;
}

export interface BuiltImage {
  spec: ImageSpec;
  /** repo:tag */
  ref: string;
  /** sha256:<hex> of configJson */
  id: string;
  configJson: string;
  /** bottom first */
  layers: BuiltLayer[];
}

interface LayerContent {
  entries: LayerEntry[];
  diffId: string;
  size: number;
}

const contentCache = new Map<string, Map<LayerSpec, LayerContent>>();
const imageCache = new Map<string, Map<ImageSpec, BuiltImage>>();

function layerContent(spec: LayerSpec, available: ReadonlySet<string>, key: string): LayerContent {
  let byLayer = contentCache.get(key);
  if (!byLayer) contentCache.set(key, (byLayer = new Map()));
  let c = byLayer.get(spec);
  if (!c) {
    const entries = presentEntries(spec.entries, available);
    c = { entries, diffId: diffIdOf(entries), size: layerSize(entries) };
    byLayer.set(spec, c);
  }
  return c;
}

/** The image config JSON as the registry serves it and imagedb stores it (compact, no newline). */
function configJson(spec: ImageSpec, layers: BuiltLayer[]): string {
  let li = 0;
  const history = spec.history.map((h) => {
    const made = h.emptyLayer ? undefined : layers[li++];
    return {
      created: h.created,
      created_by: made ? h.createdBy.replace('{diff}', made.diffId.slice(7)) : h.createdBy,
      ...(h.comment !== undefined ? { comment: h.comment } : {}),
      ...(h.emptyLayer ? { empty_layer: true } : {}),
    };
  });
  if (li !== layers.length) throw new Error(`images: ${spec.repo}: history names ${li} layers, the image has ${layers.length}`);
  return JSON.stringify({
    architecture: spec.architecture,
    config: spec.config,
    created: spec.created,
    history,
    os: spec.os,
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
  });
}

/** Build (or fetch from the per-process cache) an image for a given set of simulator programs. */
export function buildImage(spec: ImageSpec, available: ReadonlySet<string>): BuiltImage {
  const key = [...available].sort().join(',');
  let byImage = imageCache.get(key);
  if (!byImage) imageCache.set(key, (byImage = new Map()));
  const cached = byImage.get(spec);
  if (cached) return cached;
  const layers: BuiltLayer[] = [];
  let parent: string | null = null;
  for (const ls of spec.layers) {
    const c = layerContent(ls, available, key);
    const chainId: string = parent === null ? c.diffId : `sha256:${sha256hex(`${parent} ${c.diffId}`)}`;
    const cacheId = sha256hex(`overlay2-cache-id:${chainId}`);
    layers.push({ spec: ls, entries: c.entries, diffId: c.diffId, chainId, parentChainId: parent, cacheId, link: linkId(cacheId), size: c.size });
    parent = chainId;
  }
  const json = configJson(spec, layers);
  const img: BuiltImage = { spec, ref: `${spec.repo}:${spec.tag}`, id: `sha256:${sha256hex(json)}`, configJson: json, layers };
  byImage.set(spec, img);
  return img;
}
