// The local image store, written into the root filesystem at boot in Docker's layout (the
// overlay2 storage driver, daemon/graphdriver/overlay2, and the image/layer metadata stores):
//
//   /var/lib/docker/                                      0710
//     overlay2/                                           0710
//       <cache id>/                                       0710  one directory per layer
//         diff/                                           0755  the layer's files
//         link                                            0644  its 26-character short name
//         lower                                           0644  layers above the bottom one:
//                                                               "l/<parent>:l/<grandparent>:..."
//         work/                                           0700  layers above the bottom one
//         committed                                       0600  layers another layer was built on
//       l/                                                0700
//         <short name> -> ../<cache id>/diff
//     image/overlay2/                                     0700
//       imagedb/content/sha256/<image id>                 0600  the image config JSON
//       imagedb/metadata/sha256/                          0700
//       layerdb/sha256/<chain id>/{diff,size,cache-id,parent}   0644
//       repositories.json                                 0600  {"Repositories":{name:{name:tag:id}}}
//
// `merged/` appears only when a container's layer is mounted (the runtime's job). Image layers
// are shared: an image built on another lists the same chain ids and so the same directories,
// and every overlay mounted over an image's layers sees the very same lower inodes.
// The images are installed as `docker load` leaves them: no repository digests, no
// image/overlay2/distribution/ (those come from a registry pull).
import type { Kernel } from '../../kernel/kernel';
import type { DirOps, Inode, SuperBlock } from '../../kernel/fs/inode';
import { S_IFCHR, S_IFDIR, S_IFREG } from '../../kernel/abi/flags';
import { utf8 } from '../../kernel/lib/text';
import type { BuiltinProgram } from '../../userland/lib/registry';
import { allPrograms } from '../programs';
import { buildImage, type BuiltImage, type BuiltLayer } from './build';
import { imageSpec } from './catalog';
import { busyboxProgram } from './multicall';
import type { ImageSpec } from './spec';

export const DOCKER_ROOT = '/var/lib/docker';
export const OVERLAY2 = `${DOCKER_ROOT}/overlay2`;

/** The runtime part of an image's config, with Docker's defaults filled in. */
export interface RuntimeConfig {
  Env: string[];
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  WorkingDir: string;
  User: string;
}

export interface LayerInfo {
  /** directory name under /var/lib/docker/overlay2 */
  cacheId: string;
  diffId: string;
  chainId: string;
  parentChainId: string | null;
  /** short name: /var/lib/docker/overlay2/l/<link> -> ../<cacheId>/diff */
  link: string;
  /** /var/lib/docker/overlay2/<cacheId> */
  dir: string;
  /** /var/lib/docker/overlay2/<cacheId>/diff */
  diffPath: string;
  /** bytes and non-directory entries in the diff directory as it is now (Docker's directory.Size) */
  size: number;
  files: number;
  /** images (repo:tag) that have this layer */
  images: string[];
}

export interface ImageInfo {
  /** repo:tag */
  ref: string;
  repo: string;
  tag: string;
  /** sha256:<hex>, the digest of the config JSON */
  id: string;
  /** the first 12 hex digits, as `docker images` shows them */
  shortId: string;
  created: string;
  /** sum of the layers' sizes */
  size: number;
  config: RuntimeConfig;
  /** bottom first */
  layers: LayerInfo[];
  description: string;
}

export interface ImageStore {
  images(): ImageInfo[];
  /** by repo (alpine), repo:tag (alpine:3.19), full id (sha256:...) or an id prefix */
  image(name: string): ImageInfo | undefined;
  /** every layer once, in the order they were installed (parents first) */
  layers(): LayerInfo[];
  /**
   * The lowerdir= value for an overlay over the image's layers, top layer first: absolute diff
   * directories (form 'diff', the default), or the l/ short names as Docker passes them from
   * /var/lib/docker/overlay2 (form 'link').
   */
  lowerdir(name: string, form?: 'diff' | 'link'): string;
}

interface StoreState {
  rootfs: SuperBlock;
  images: BuiltImage[];
  layers: BuiltLayer[];
}

const stores = new WeakMap<Kernel, StoreState>();

// ---------------------------------------------------------------------------------- writing

class Writer {
  private readonly ops: DirOps;
  constructor(
    private readonly sb: SuperBlock,
    private readonly nowNs: number,
  ) {
    this.ops = sb.dirOps;
  }

  /** The directory at `path` (absolute), created 0755 root where missing. */
  dirPath(path: string): Inode {
    let cur = this.sb.root;
    for (const part of path.split('/')) if (part) cur = this.mkdir(cur, part, 0o755);
    return cur;
  }

  mkdir(parent: Inode, name: string, mode: number, uid = 0, gid = 0): Inode {
    const existing = this.ops.lookup(parent, name);
    if (existing) return existing;
    return this.created(this.ops.create!(parent, name, S_IFDIR | mode, uid, gid, 0), name);
  }

  file(parent: Inode, name: string, content: string | Uint8Array, mode: number, uid = 0, gid = 0, size = 0): Inode {
    const ino = this.created(this.ops.create!(parent, name, S_IFREG | mode, uid, gid, 0), name);
    const bytes = typeof content === 'string' ? utf8(content) : content;
    if (bytes.length > 0) ino.data!.write(0, bytes);
    // a binary's or library's real size: the rest of the file is a hole (no memory)
    if (size > bytes.length) ino.data!.truncate(size);
    return ino;
  }

  symlink(parent: Inode, name: string, target: string, uid = 0, gid = 0): Inode {
    return this.created(this.ops.symlink!(parent, name, target, uid, gid), name);
  }

  link(parent: Inode, name: string, target: Inode): void {
    const r = this.ops.link!(parent, name, target);
    if (r < 0) throw new Error(`images: link ${name}: ${r}`);
  }

  exists(parent: Inode, name: string): boolean {
    return this.ops.lookup(parent, name) !== undefined;
  }

  whiteout(parent: Inode, name: string): Inode {
    return this.created(this.ops.create!(parent, name, S_IFCHR, 0, 0, 0), name);
  }

  private created(r: Inode | number, name: string): Inode {
    if (typeof r === 'number') throw new Error(`images: create ${name}: ${r}`);
    r.atimeNs = r.mtimeNs = r.ctimeNs = this.nowNs;
    return r;
  }
}

function split(path: string): [string, string] {
  const i = path.lastIndexOf('/');
  return [path.slice(0, i) || '/', path.slice(i + 1)];
}

/** Extract a layer's entries into its diff directory, as the driver's ApplyDiff does. */
function extract(w: Writer, diff: Inode, layer: BuiltLayer): void {
  const t = layer.spec.createdSec * 1e9;
  const at = new Map<string, Inode>([['/', diff]]);
  const dirOf = (path: string): Inode => {
    const known = at.get(path);
    if (known) return known;
    const [pp, name] = split(path);
    const d = w.mkdir(dirOf(pp), name, 0o755);
    at.set(path, d);
    return d;
  };
  for (const e of layer.entries) {
    const [pp, name] = split(e.path);
    const parent = dirOf(pp);
    let ino: Inode | undefined;
    switch (e.type) {
      case 'dir':
        ino = w.mkdir(parent, name, e.mode, e.uid, e.gid);
        ino.mode = S_IFDIR | e.mode;
        ino.uid = e.uid;
        ino.gid = e.gid;
        break;
      case 'file':
        ino = w.file(parent, name, e.content ?? '', e.mode, e.uid, e.gid, e.size ?? 0);
        break;
      case 'symlink':
        ino = w.symlink(parent, name, e.target!, e.uid, e.gid);
        break;
      case 'link': {
        const target = at.get(e.target!);
        if (!target) throw new Error(`images: hard link ${e.path}: ${e.target} is not in the layer`);
        w.link(parent, name, target);
        break;
      }
      case 'whiteout':
        ino = w.whiteout(parent, name);
        break;
    }
    if (ino) at.set(e.path, ino);
  }
  // tar sets every entry's times after extracting (directories last)
  for (const ino of at.values()) ino.atimeNs = ino.mtimeNs = t;
}

interface Written {
  dir: Inode;
  link: string;
  lower: string[];
}

/** A layer's directory as the overlay2 driver's create() and ApplyDiff() leave it. */
function writeLayer(w: Writer, overlay2: Inode, l: Inode, layer: BuiltLayer, byChain: Map<string, Written>): void {
  const dir = w.mkdir(overlay2, layer.cacheId, 0o710);
  const diff = w.mkdir(dir, 'diff', 0o755);
  w.symlink(l, layer.link, `../${layer.cacheId}/diff`);
  w.file(dir, 'link', layer.link, 0o644);
  let lower: string[] = [];
  if (layer.parentChainId) {
    const parent = byChain.get(layer.parentChainId)!;
    w.mkdir(dir, 'work', 0o700);
    if (!w.exists(parent.dir, 'committed')) w.file(parent.dir, 'committed', '', 0o600);
    lower = [`l/${parent.link}`, ...parent.lower];
    w.file(dir, 'lower', lower.join(':'), 0o644);
  }
  extract(w, diff, layer);
  byChain.set(layer.chainId, { dir, link: layer.link, lower });
}

/** image/overlay2: the image configs, the layer metadata and the name → id references. */
function writeMetadata(w: Writer, images: BuiltImage[], layers: BuiltLayer[]): void {
  const root = w.dirPath(DOCKER_ROOT);
  const image = w.mkdir(root, 'image', 0o700);
  const store = w.mkdir(image, 'overlay2', 0o700);
  const imagedb = w.mkdir(store, 'imagedb', 0o700);
  const content = w.mkdir(w.mkdir(imagedb, 'content', 0o700), 'sha256', 0o700);
  w.mkdir(w.mkdir(imagedb, 'metadata', 0o700), 'sha256', 0o700);
  for (const img of images) if (!w.exists(content, img.id.slice(7))) w.file(content, img.id.slice(7), img.configJson, 0o600);
  const layerdb = w.mkdir(store, 'layerdb', 0o700);
  const sha = w.mkdir(layerdb, 'sha256', 0o755);
  for (const layer of layers) {
    const d = w.mkdir(sha, layer.chainId.slice(7), 0o700);
    w.file(d, 'cache-id', layer.cacheId, 0o644);
    w.file(d, 'diff', layer.diffId, 0o644);
    if (layer.parentChainId) w.file(d, 'parent', layer.parentChainId, 0o644);
    w.file(d, 'size', String(layer.size), 0o644);
  }
  w.mkdir(layerdb, 'tmp', 0o755);
  const repos: Record<string, Record<string, string>> = {};
  for (const img of images) (repos[img.spec.repo] ??= {})[img.ref] = img.id;
  w.file(store, 'repositories.json', JSON.stringify({ Repositories: repos }), 0o600);
}

/** The simulator programs an image entry may require (the standard packages, not a test's extras). */
function availablePrograms(): { available: Set<string>; programs: Map<string, BuiltinProgram> } {
  const programs = new Map(allPrograms().map((p) => [p.name, p] as const));
  return { available: new Set([...programs.keys(), 'busybox']), programs };
}

/**
 * Write the store for `names` (see catalog.ts) into the root filesystem and register the
 * multi-call `busybox` program the busybox and alpine images' binaries name. Called at boot.
 */
export function installImageStore(k: Kernel, rootfs: SuperBlock, names: readonly string[]): void {
  if (names.length === 0) return;
  const { available, programs } = availablePrograms();
  const specs: ImageSpec[] = [];
  for (const n of names) {
    const s = imageSpec(n);
    if (!specs.includes(s)) specs.push(s);
  }
  const images = specs.map((s) => buildImage(s, available));
  const layers: BuiltLayer[] = [];
  for (const img of images) for (const l of img.layers) if (!layers.some((x) => x.chainId === l.chainId)) layers.push(l);

  const bb = busyboxProgram(programs);
  k.registerBuiltin(bb.name, { main: bb.main, vszKb: bb.vszKb, rssKb: bb.rssKb });

  // The store's inodes are numbered in a range of their own (ext4 puts a directory made late in
  // a disk's life in a later block group), so installing images does not renumber the files a
  // session creates afterwards.
  let nextIno = STORE_FIRST_INO;
  rootfs.allocIno = () => nextIno++;
  try {
    const w = new Writer(rootfs, k.realtimeNs());
    const docker = w.mkdir(w.dirPath('/var/lib'), 'docker', 0o710);
    for (const [name, mode] of [['containers', 0o710], ['image', 0o700], ['overlay2', 0o710], ['tmp', 0o700], ['volumes', 0o701]] as const) w.mkdir(docker, name, mode);
    const overlay2 = w.dirPath(OVERLAY2);
    const l = w.mkdir(overlay2, 'l', 0o700);
    const byChain = new Map<string, Written>();
    for (const layer of layers) writeLayer(w, overlay2, l, layer, byChain);
    writeMetadata(w, images, layers);
  } finally {
    Reflect.deleteProperty(rootfs, 'allocIno');
  }
  stores.set(k, { rootfs, images, layers });
}

/** First inode number of the store: block group 48 of the root disk's ext4 (8192 inodes a group). */
const STORE_FIRST_INO = 48 * 8192 + 1;

// ---------------------------------------------------------------------------------- reading

function lookupPath(sb: SuperBlock, path: string): Inode | undefined {
  let cur: Inode | undefined = sb.root;
  for (const part of path.split('/')) {
    if (!part) continue;
    if (!cur || !cur.isDir()) return undefined;
    cur = sb.dirOps.lookup(cur, part);
  }
  return cur;
}

/** Docker's directory.Size: non-directories' st_size, hard-linked inodes once; and their count. */
function usage(dir: Inode | undefined): { size: number; files: number } {
  if (!dir?.isDir()) return { size: 0, files: 0 };
  const seen = new Set<Inode>();
  let size = 0;
  let files = 0;
  const walk = (d: Inode): void => {
    for (const { inode } of d.sb.dirOps.list(d)) {
      if (inode.isDir()) {
        walk(inode);
        continue;
      }
      files++;
      if (seen.has(inode)) continue;
      seen.add(inode);
      size += inode.size();
    }
  };
  walk(dir);
  return { size, files };
}

function runtimeConfig(spec: ImageSpec): RuntimeConfig {
  const c = spec.config;
  return { Env: [...c.Env], Cmd: c.Cmd ? [...c.Cmd] : null, Entrypoint: c.Entrypoint ? [...c.Entrypoint] : null, WorkingDir: c.WorkingDir ?? '', User: c.User ?? '' };
}

/** The machine's image store (empty when it was booted with `images: []`). */
export function imageStore(m: { k: Kernel }): ImageStore {
  const st = stores.get(m.k);
  const layerInfo = (l: BuiltLayer): LayerInfo => {
    const dir = `${OVERLAY2}/${l.cacheId}`;
    const u = st ? usage(lookupPath(st.rootfs, `${dir}/diff`)) : { size: 0, files: 0 };
    return {
      cacheId: l.cacheId,
      diffId: l.diffId,
      chainId: l.chainId,
      parentChainId: l.parentChainId,
      link: l.link,
      dir,
      diffPath: `${dir}/diff`,
      size: u.size,
      files: u.files,
      images: st ? st.images.filter((i) => i.layers.some((x) => x.chainId === l.chainId)).map((i) => i.ref) : [],
    };
  };
  const imageInfo = (img: BuiltImage): ImageInfo => {
    const layers = img.layers.map(layerInfo);
    return {
      ref: img.ref,
      repo: img.spec.repo,
      tag: img.spec.tag,
      id: img.id,
      shortId: img.id.slice(7, 19),
      created: img.spec.created,
      size: layers.reduce((n, l) => n + l.size, 0),
      config: runtimeConfig(img.spec),
      layers,
      description: img.spec.description,
    };
  };
  const find = (name: string): BuiltImage | undefined => {
    if (!st) return undefined;
    const hex = name.startsWith('sha256:') ? name.slice(7) : name;
    return (
      st.images.find((i) => i.ref === name || i.spec.repo === name) ??
      (/^[0-9a-f]{4,64}$/.test(hex) ? st.images.find((i) => i.id.slice(7).startsWith(hex)) : undefined)
    );
  };
  return {
    images: () => (st ? st.images.map(imageInfo) : []),
    image: (name) => {
      const img = find(name);
      return img ? imageInfo(img) : undefined;
    },
    layers: () => (st ? st.layers.map(layerInfo) : []),
    lowerdir: (name, form = 'diff') => {
      const img = find(name);
      if (!img) throw new Error(`images: no image '${name}' in the store`);
      return [...img.layers]
        .reverse()
        .map((l) => (form === 'link' ? `l/${l.link}` : `${OVERLAY2}/${l.cacheId}/diff`))
        .join(':');
    },
  };
}
