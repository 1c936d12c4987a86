// What an image layer is made of: a list of entries (directories, files, symlinks, hard links,
// whiteouts) with modes and owners, as the layer's tar stream would carry them, and a small
// builder the image definitions use to write those lists.
//
// Binaries are `#!builtin NAME` files. An entry that stands for a program (a binary, or a link
// to a multi-call binary) names it in `requires`; it is part of the layer only when the
// simulator has that program, so a command the simulator does not model is absent from the
// image rather than present and broken, and a command that does not exist in the real image is
// never listed in the first place.
//
// Sizes: a binary or shared library is written with its `#!builtin` line (or nothing) and then
// extended to roughly the size the real amd64 file has, the rest being a hole. So `ls -l` and
// the store's layer sizes look like the real image's, while each such file costs at most one
// 4 KiB page of memory (st_blocks counts only that page, so `du` reports less than `ls -l`).
import { sha256hex } from './hash';

export type EntryType = 'dir' | 'file' | 'symlink' | 'link' | 'whiteout';

export interface LayerEntry {
  /** absolute path inside the image, e.g. /etc/passwd */
  path: string;
  type: EntryType;
  /** permission bits (with setuid/setgid/sticky); whiteouts are 0 */
  mode: number;
  uid: number;
  gid: number;
  /** regular files: the bytes at the start of the file */
  content?: string | Uint8Array;
  /** regular files: st_size when larger than the content (the tail is a hole) */
  size?: number;
  /** symlinks: the link target; hard links ('link'): the path of the file they are a link to */
  target?: string;
  /** the entry exists only if the simulator has this program */
  requires?: string;
}

export interface Owner {
  uid?: number;
  gid?: number;
}

/** Builds a layer's entry list in the order a tar of the layer would list it. */
export class LayerBuilder {
  private readonly list: LayerEntry[] = [];

  dir(path: string, mode = 0o755, o: Owner = {}): this {
    this.list.push({ path, type: 'dir', mode, uid: o.uid ?? 0, gid: o.gid ?? 0 });
    return this;
  }

  dirs(paths: string[], mode = 0o755, o: Owner = {}): this {
    for (const p of paths) this.dir(p, mode, o);
    return this;
  }

  file(path: string, content: string | Uint8Array, mode = 0o644, o: Owner = {}): this {
    this.list.push({ path, type: 'file', mode, uid: o.uid ?? 0, gid: o.gid ?? 0, content });
    return this;
  }

  /** A `#!builtin NAME` binary of about `size` bytes, present only if the simulator has `program`. */
  bin(path: string, program: string, size: number, mode = 0o755): this {
    this.list.push({ path, type: 'file', mode, uid: 0, gid: 0, content: `#!builtin ${program}\n`, size, requires: program });
    return this;
  }

  /** A shell script (its interpreter must exist in the image); `requires` names the program it runs. */
  script(path: string, content: string, requires?: string, mode = 0o755): this {
    this.list.push({ path, type: 'file', mode, uid: 0, gid: 0, content, requires });
    return this;
  }

  /** A non-executable file whose content is not modelled (a shared library, a database): a hole of `size` bytes. */
  blob(path: string, size: number, mode = 0o644): this {
    this.list.push({ path, type: 'file', mode, uid: 0, gid: 0, content: '', size });
    return this;
  }

  symlink(path: string, target: string, requires?: string): this {
    this.list.push({ path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, target, requires });
    return this;
  }

  /** A hard link `path` of the file at `target` (which must come earlier in the same layer). */
  link(path: string, target: string, requires?: string): this {
    this.list.push({ path, type: 'link', mode: 0, uid: 0, gid: 0, target, requires });
    return this;
  }

  /** A deleted lower file, as overlay2 stores it: a character device 0/0 with mode 0. */
  whiteout(path: string): this {
    this.list.push({ path, type: 'whiteout', mode: 0, uid: 0, gid: 0 });
    return this;
  }

  entries(): LayerEntry[] {
    return this.list;
  }
}

/** The entries of a layer that exist given the simulator's programs. */
export function presentEntries(entries: LayerEntry[], available: ReadonlySet<string>): LayerEntry[] {
  return entries.filter((e) => e.requires === undefined || available.has(e.requires));
}

/** Bytes a file entry's content takes. */
export function contentLength(e: LayerEntry): number {
  if (e.content === undefined) return 0;
  if (typeof e.content !== 'string') return e.content.length;
  let n = 0;
  for (let i = 0; i < e.content.length; i++) {
    const c = e.content.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

/** st_size of a file entry. */
export function entrySize(e: LayerEntry): number {
  return Math.max(e.size ?? 0, contentLength(e));
}

/**
 * The layer's size as Docker computes it for layerdb's `size` (directory.Size over the diff
 * directory): every non-directory's st_size (symlinks count their target's length), each
 * hard-linked file once.
 */
export function layerSize(entries: LayerEntry[]): number {
  let n = 0;
  for (const e of entries) {
    if (e.type === 'file') n += entrySize(e);
    else if (e.type === 'symlink') n += e.target!.length;
  }
  return n;
}

/**
 * The layer's diff id. Docker digests the layer's tar stream; the simulator digests a canonical
 * listing of the same entries (type, path, mode, owner, size, link target, content).
 */
export function diffIdOf(entries: LayerEntry[]): string {
  const lines: string[] = [];
  for (const e of entries) {
    const content = e.content === undefined ? '' : typeof e.content === 'string' ? e.content : Array.from(e.content, (b) => String.fromCharCode(b)).join('');
    lines.push(JSON.stringify([e.type, e.path, e.mode, e.uid, e.gid, e.type === 'file' ? entrySize(e) : 0, e.target ?? '', content]));
  }
  return `sha256:${sha256hex(lines.join('\n'))}`;
}
