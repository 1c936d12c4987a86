// The images the lab can put in its local store, by the name the `images` machine option uses.
import type { ImageSpec } from './spec';
import { BUSYBOX } from './busybox';
import { ALPINE } from './alpine';
import { UBUNTU } from './ubuntu';
import { LAB_HELLO } from './lab-hello';

export const IMAGE_CATALOG: Readonly<Record<string, ImageSpec>> = {
  busybox: BUSYBOX,
  alpine: ALPINE,
  ubuntu: UBUNTU,
  'lab/hello': LAB_HELLO,
};

/** What a machine's store holds unless the `images` option says otherwise. */
export const DEFAULT_IMAGES: readonly string[] = ['busybox', 'alpine', 'ubuntu'];

/** The spec for `name` (a repository, optionally with its tag: alpine, alpine:3.19). */
export function imageSpec(name: string): ImageSpec {
  const colon = name.lastIndexOf(':');
  const repo = colon > 0 && !name.slice(colon).includes('/') ? name.slice(0, colon) : name;
  const spec = IMAGE_CATALOG[repo];
  if (!spec || (repo !== name && name !== `${spec.repo}:${spec.tag}`)) {
    throw new Error(`images: no image '${name}' (known: ${Object.values(IMAGE_CATALOG).map((s) => `${s.repo}:${s.tag}`).join(', ')})`);
  }
  return spec;
}
