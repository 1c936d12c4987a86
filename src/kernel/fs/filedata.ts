// Regular-file contents as sparse 4 KiB pages. A hole (never written, e.g. after truncate -s 1G)
// reads as zeros and is not allocated (st_blocks excludes it). A page written with zeros IS
// allocated on disk, as on ext4, but holds no page of host memory (a null entry, ~50 bytes per
// 4 KiB page: 1 GiB of zeros written by dd costs about 13 MB of host memory; a run-length form
// can replace it when the storage issue writes big files).
import { PAGE_SIZE } from '../abi/flags';

export class FileData {
  size = 0;
  /** allocated pages: bytes, or null for an allocated page of zeros */
  private pages = new Map<number, Uint8Array | null>();

  /** Bytes actually held in host memory (for the page-cache model and tests). */
  get residentBytes(): number {
    let n = 0;
    for (const p of this.pages.values()) if (p) n++;
    return n * PAGE_SIZE;
  }

  /** Allocated pages, zero-filled ones included (st_blocks is derived from it). */
  get allocatedPages(): number {
    return this.pages.size;
  }

  read(pos: number, count: number): Uint8Array {
    if (pos >= this.size || count <= 0) return new Uint8Array(0);
    const end = Math.min(this.size, pos + count);
    const out = new Uint8Array(end - pos);
    let p = pos;
    while (p < end) {
      const idx = Math.floor(p / PAGE_SIZE);
      const off = p - idx * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, end - p);
      const page = this.pages.get(idx);
      if (page) out.set(page.subarray(off, off + n), p - pos);
      p += n;
    }
    return out;
  }

  write(pos: number, data: Uint8Array): void {
    let p = pos;
    let i = 0;
    while (i < data.length) {
      const idx = Math.floor(p / PAGE_SIZE);
      const off = p - idx * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, data.length - i);
      const chunk = data.subarray(i, i + n);
      let page = this.pages.get(idx);
      if (!page) {
        if (isZero(chunk)) {
          if (page === undefined) this.pages.set(idx, null);
          p += n;
          i += n;
          continue;
        }
        page = new Uint8Array(PAGE_SIZE);
        this.pages.set(idx, page);
      }
      page.set(chunk, off);
      if (n === PAGE_SIZE && isZero(page)) this.pages.set(idx, null);
      p += n;
      i += n;
    }
    if (p > this.size) this.size = p;
  }

  /** Set the size; shrinking drops (and zeroes the tail of) pages past the end. */
  truncate(size: number): void {
    if (size < this.size) {
      const lastIdx = Math.floor(size / PAGE_SIZE);
      for (const idx of [...this.pages.keys()]) {
        if (idx > lastIdx || (idx === lastIdx && size % PAGE_SIZE === 0)) this.pages.delete(idx);
      }
      const page = this.pages.get(lastIdx);
      if (page) page.fill(0, size % PAGE_SIZE);
    }
    this.size = size;
  }

  /** A copy (for cp and, later, overlayfs copy-up); shares nothing with this one. */
  clone(): FileData {
    const c = new FileData();
    c.size = this.size;
    for (const [k, v] of this.pages) c.pages.set(k, v ? v.slice() : null);
    return c;
  }
}

function isZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}
