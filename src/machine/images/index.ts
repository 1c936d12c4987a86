// The lab's local image store (issue "Images"): base images, their layers on disk in Docker's
// overlay2 layout, and the API the runtime and the layer panel read it through.
export { installImageStore, imageStore, DOCKER_ROOT, OVERLAY2 } from './store';
export type { ImageStore, ImageInfo, LayerInfo, RuntimeConfig } from './store';
export { IMAGE_CATALOG, DEFAULT_IMAGES, imageSpec } from './catalog';
export type { ImageSpec, ImageConfig, LayerSpec, HistoryEntry } from './spec';
export type { LayerEntry } from './layer';
