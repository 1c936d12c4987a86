// Load average (kernel/sched/loadavg.c): every LOAD_FREQ (5 s + 1 tick) the number of active
// tasks — runnable plus uninterruptible (D) — is folded into three fixed-point exponential
// averages with FSHIFT 11. /proc/loadavg prints them with LOAD_INT/LOAD_FRAC.
export const FSHIFT = 11;
export const FIXED_1 = 1 << FSHIFT;
export const EXP_1 = 1884;
export const EXP_5 = 2014;
export const EXP_15 = 2037;
/** LOAD_FREQ = 5*HZ+1 with HZ=250 (Debian's CONFIG_HZ): 5.004 s */
export const LOAD_FREQ_NS = 5_004_000_000;

export function calcLoad(load: number, exp: number, active: number): number {
  let newload = load * exp + active * (FIXED_1 - exp);
  if (active >= load) newload += FIXED_1 - 1;
  return Math.floor(newload / FIXED_1);
}

/** "0.42"-style text of one fixed-point average, as /proc/loadavg prints it. */
export function loadText(x: number): string {
  const v = x + FIXED_1 / 200;
  const i = Math.floor(v / FIXED_1);
  const f = Math.floor(((v & (FIXED_1 - 1)) * 100) / FIXED_1);
  return `${i}.${String(f).padStart(2, '0')}`;
}
