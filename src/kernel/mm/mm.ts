// mm_struct: an address space as ps and /proc see it. Programs grow it explicitly:
// mmap() reserves address space (VSZ), touch() faults pages in (RSS). Page cache, overcommit,
// reclaim, swap and the OOM killer plug in with the memory issue: every RSS change goes through
// MmAccounting so a memory cgroup can charge it.
import { PAGE_SIZE } from '../abi/flags';

export interface Mapping {
  addr: number;
  bytes: number;
  /** bytes faulted in */
  resident: number;
}

/** Machine-wide counters that /proc/meminfo reads. */
export class MmAccounting {
  /** anonymous resident bytes over all address spaces */
  anonBytes = 0;
  /** file-backed resident bytes of program images, counted once per image */
  imageBytes = new Map<object, number>();
  imageRefs = new Map<object, number>();

  imageTotal(): number {
    let t = 0;
    for (const v of this.imageBytes.values()) t += v;
    return t;
  }
}

export class Mm {
  /** program image footprint (text, libraries, stack), in bytes */
  baseVsz = 0;
  baseAnon = 0;
  baseFile = 0;
  mappings = new Map<number, Mapping>();
  private nextAddr = 0x7f0000000000;
  users = 1;
  image: object | null = null;

  constructor(private readonly acct: MmAccounting) {}

  get vszBytes(): number {
    let v = this.baseVsz;
    for (const m of this.mappings.values()) v += m.bytes;
    return v;
  }

  get rssAnonBytes(): number {
    let r = this.baseAnon;
    for (const m of this.mappings.values()) r += m.resident;
    return r;
  }

  get rssFileBytes(): number {
    return this.baseFile;
  }

  get rssBytes(): number {
    return this.rssAnonBytes + this.baseFile;
  }

  /** Load a program image: VSZ/RSS as the real binary has right after exec. */
  setImage(image: object, vszKb: number, rssKb: number): void {
    this.dropAll();
    this.image = image;
    this.baseVsz = vszKb * 1024;
    // About a third of a fresh process's RSS is its own anonymous memory (stack, heap, relocated
    // data); the rest is shared text and libraries, counted once machine-wide.
    this.baseAnon = pageAlign(Math.floor((rssKb * 1024) / 3));
    this.baseFile = pageAlign(rssKb * 1024 - this.baseAnon);
    this.acct.anonBytes += this.baseAnon;
    this.acct.imageRefs.set(image, (this.acct.imageRefs.get(image) ?? 0) + 1);
    this.acct.imageBytes.set(image, this.baseFile);
  }

  mmap(bytes: number): number {
    const size = pageAlign(bytes);
    const addr = this.nextAddr;
    this.nextAddr += size + PAGE_SIZE;
    this.mappings.set(addr, { addr, bytes: size, resident: 0 });
    return addr;
  }

  munmap(addr: number): boolean {
    const m = this.mappings.get(addr);
    if (!m) return false;
    this.acct.anonBytes -= m.resident;
    this.mappings.delete(addr);
    return true;
  }

  /** Fault in up to `bytes` more of mapping `addr`; returns bytes newly resident or -1. */
  touch(addr: number, bytes: number): number {
    const m = this.mappings.get(addr);
    if (!m) return -1;
    const add = Math.min(pageAlign(bytes), m.bytes - m.resident);
    m.resident += add;
    this.acct.anonBytes += add;
    return add;
  }

  /** fork(): a copy (anonymous pages are copied-on-write: counted again for the child). */
  clone(): Mm {
    const c = new Mm(this.acct);
    c.baseVsz = this.baseVsz;
    c.baseAnon = this.baseAnon;
    c.baseFile = this.baseFile;
    c.nextAddr = this.nextAddr;
    for (const [k, v] of this.mappings) c.mappings.set(k, { ...v });
    c.acct.anonBytes += c.rssAnonBytes;
    if (this.image) {
      c.image = this.image;
      this.acct.imageRefs.set(this.image, (this.acct.imageRefs.get(this.image) ?? 0) + 1);
    }
    return c;
  }

  /** exit/exec: release everything. */
  dropAll(): void {
    this.acct.anonBytes -= this.rssAnonBytes;
    this.mappings.clear();
    this.baseAnon = 0;
    this.baseVsz = 0;
    if (this.image) {
      const n = (this.acct.imageRefs.get(this.image) ?? 1) - 1;
      if (n <= 0) {
        this.acct.imageRefs.delete(this.image);
        this.acct.imageBytes.delete(this.image);
      } else this.acct.imageRefs.set(this.image, n);
      this.image = null;
    }
    this.baseFile = 0;
  }
}

export function pageAlign(bytes: number): number {
  return Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;
}
