// Tokens moving along the state machine's arrows: a small circle with a label ("42 sleep", "×12")
// that travels from one state to the next when a transition arrives. d3 owns these elements
// (d3-selection joins them into a <g> React renders empty; one d3-timer loop moves them, eased by
// d3-ease) so React never re-renders per animation frame. Work is bounded: at most MAX_TOKENS
// tokens exist, and each frame only moves those.
import { easeCubicInOut, now as d3now, select, timer, type Selection } from 'd3';
import { MAX_TOKENS, pointAt, type EdgeGeom, type EdgeId, type PlannedToken } from './model';

/** How long a token takes along its arrow. */
export const FLIGHT_MS = 700;
/**
 * A new token leaves on an arrow at most this often: transitions arriving sooner wait and leave
 * together as one "×N" token (so tokens on one arrow never pile up on each other). The selected
 * task's tokens do not wait.
 */
export const TOKEN_GAP_MS = 200;

interface Live {
  id: number;
  token: PlannedToken;
  edge: EdgeGeom;
  start: number;
}

/** The animation clock: d3's by default; tests drive their own. */
export interface Clock {
  now(): number;
  /** call `frame` on every animation frame until the returned stop is called */
  start(frame: () => void): () => void;
}

export const d3Clock: Clock = {
  now: () => d3now(),
  start(frame) {
    const t = timer(frame);
    return () => t.stop();
  },
};

export class TokenAnimator {
  private live: Live[] = [];
  /** per arrow: when its last token left, and what waits for the next one */
  private gate = new Map<EdgeId, { last: number; held: PlannedToken | null }>();
  private serial = 0;
  private stopLoop: (() => void) | null = null;
  private readonly layer: Selection<SVGGElement, unknown, null, undefined>;
  private readonly edges: Map<EdgeId, EdgeGeom>;

  constructor(
    layer: SVGGElement,
    edges: readonly EdgeGeom[],
    private readonly clock: Clock = d3Clock,
    private readonly max = MAX_TOKENS,
    private readonly flightMs = FLIGHT_MS,
    private readonly gapMs = TOKEN_GAP_MS,
  ) {
    this.layer = select(layer);
    this.edges = new Map(edges.map((e) => [e.id, e]));
  }

  /** Tokens moving now. */
  get alive(): number {
    return this.live.length;
  }

  /** Room for this many more tokens. */
  get free(): number {
    return Math.max(0, this.max - this.live.length);
  }

  /** Transitions waiting for their arrow's next token. */
  get held(): number {
    let n = 0;
    for (const g of this.gate.values()) n += g.held?.count ?? 0;
    return n;
  }

  /**
   * Start tokens (as many as there is room for; on an arrow whose last token left less than the
   * gap ago, they wait and merge). Returns how many started now.
   */
  launch(tokens: readonly PlannedToken[]): number {
    const now = this.clock.now();
    let n = 0;
    for (const token of tokens) {
      if (!this.edges.has(token.edge)) continue;
      const g = this.gate.get(token.edge) ?? { last: -Infinity, held: null };
      this.gate.set(token.edge, g);
      if (!token.selected && now - g.last < this.gapMs) {
        g.held = g.held ? merge(g.held, token) : token;
        continue;
      }
      if (this.start(token, now)) n++;
    }
    if (n > 0) this.join();
    this.frame();
    if (!this.stopLoop && (this.live.length > 0 || this.held > 0)) this.stopLoop = this.clock.start(() => this.frame());
    return n;
  }

  private start(token: PlannedToken, now: number): boolean {
    if (this.live.length >= this.max) return false;
    this.live.push({ id: ++this.serial, token, edge: this.edges.get(token.edge)!, start: now });
    const g = this.gate.get(token.edge);
    if (g && !token.selected) g.last = now;
    return true;
  }

  /** Move every token to where it is now; drop the ones that arrived; let waiting ones leave. */
  frame(): void {
    const t = this.clock.now();
    const before = this.live.length;
    this.live = this.live.filter((l) => t - l.start < this.flightMs);
    let changed = this.live.length !== before;
    for (const g of this.gate.values()) {
      if (g.held && t - g.last >= this.gapMs) {
        // no room: the transitions are only counted (the arrow's count has them)
        changed = this.start(g.held, t) || changed;
        g.held = null;
      }
    }
    if (changed) this.join();
    this.layer.selectAll<SVGGElement, Live>('g.st-token').attr('transform', (l) => {
      const p = pointAt(l.edge, easeCubicInOut(Math.min(1, Math.max(0, (t - l.start) / this.flightMs))));
      return `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`;
    });
    if (this.live.length === 0 && this.held === 0) this.halt();
  }

  /** Remove every token and stop the loop (the panel is hidden, motion was reduced). */
  clear(): void {
    this.live = [];
    this.gate.clear();
    this.join();
    this.halt();
  }

  private halt(): void {
    this.stopLoop?.();
    this.stopLoop = null;
  }

  private join(): void {
    this.layer
      .selectAll<SVGGElement, Live>('g.st-token')
      .data(this.live, (l) => l.id)
      .join(
        (enter) => {
          const g = enter
            .append('g')
            .attr('class', (l) => `st-token st-token--${l.edge.to}${l.token.selected ? ' st-token--selected' : ''}${l.token.count > 1 ? ' st-token--many' : ''}`)
            .attr('data-edge', (l) => l.edge.id)
            .attr('data-pid', (l) => (l.token.pid === null ? null : String(l.token.pid)));
          g.append('circle').attr('r', (l) => (l.token.count > 1 ? 7 : 5));
          g.append('text').attr('x', 9).attr('y', -7).text((l) => l.token.label);
          return g;
        },
        (update) => update,
        (exit) => exit.remove(),
      );
  }
}

/** Two tokens of one arrow as one: "×N" (a single transition keeps its "pid comm"). */
function merge(a: PlannedToken, b: PlannedToken): PlannedToken {
  const count = a.count + b.count;
  return { edge: a.edge, label: `×${count}`, count, pid: null, selected: false };
}
