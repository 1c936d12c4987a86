// The structured event stream the panels animate (ARCHITECTURE.md §1, §5). The kernel emits;
// nobody in the kernel listens. Emitting costs one branch when there are no subscribers.
export type TraceEvent =
  | { type: 'fork'; timeNs: number; pid: number; ppid: number; comm: string }
  | { type: 'exec'; timeNs: number; pid: number; comm: string }
  | { type: 'exit'; timeNs: number; pid: number; status: number }
  | { type: 'reap'; timeNs: number; pid: number }
  | { type: 'signal'; timeNs: number; pid: number; sig: number; from: number }
  | { type: 'state'; timeNs: number; pid: number; from: string; to: string }
  /** overlayfs copied a lower file up (sb: the overlay's st_dev; path inside the overlay) */
  | { type: 'copy-up'; timeNs: number; sb: number; path: string; fromLayer: number };

export class Trace {
  private subs: Array<(e: TraceEvent) => void> = [];
  get active(): boolean {
    return this.subs.length > 0;
  }
  subscribe(fn: (e: TraceEvent) => void): () => void {
    this.subs.push(fn);
    return () => {
      this.subs = this.subs.filter((s) => s !== fn);
    };
  }
  emit(e: TraceEvent): void {
    for (const s of this.subs) s(e);
  }
}
