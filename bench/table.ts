// The table every benchmark prints (npm run bench, npm run bench:browser): one row per
// measurement with its target and ok/MISSED. Benchmarks print; tests never assert timings.
export interface Row {
  name: string;
  value: number | null;
  unit: string;
  /** human-readable target, e.g. "<= 20" */
  target: string;
  /** true: met; false: missed; null: no target / not measurable */
  ok: boolean | null;
  /** how the value was taken (best of 3, median of 5...) and anything worth knowing */
  note: string;
  /** raw samples */
  samples?: number[];
}

export type Cmp = '<=' | '>=';

export function row(name: string, value: number | null, unit: string, cmp: Cmp | null, target: number | null, note: string, samples?: number[]): Row {
  let ok: boolean | null = null;
  if (value !== null && cmp && target !== null) ok = cmp === '<=' ? value <= target : value >= target;
  const t = cmp && target !== null ? `${cmp} ${fmtNum(target)}` : '-';
  return { name, value, unit, target: t, ok, note, samples };
}

export function fmtNum(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (Number.isInteger(v) || a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function printTable(rows: Row[]): void {
  const cols = ['BENCHMARK', 'VALUE', 'UNIT', 'TARGET', 'STATUS', 'NOTE'];
  const cells = rows.map((r) => [r.name, r.value === null ? 'n/a' : fmtNum(r.value), r.unit, r.target, r.ok === null ? '-' : r.ok ? 'ok' : 'MISSED', r.note]);
  const w = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => (i === 5 ? 0 : r[i]!.length))));
  const line = (r: string[]): string =>
    r.map((c, i) => (i === 5 ? c : i === 1 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ').trimEnd();
  console.log(line(cols));
  console.log(line(w.map((n, i) => (i === 5 ? '----' : '-'.repeat(n)))));
  for (const r of cells) console.log(line(r));
}
