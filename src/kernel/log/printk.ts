// The kernel log ring buffer (printk / dmesg). Each record carries its virtual timestamp, printed
// by dmesg as "[    5.123456] message".
export interface LogRecord {
  timeNs: number;
  level: number;
  text: string;
}

export const KERN_ERR = 3;
export const KERN_WARNING = 4;
export const KERN_NOTICE = 5;
export const KERN_INFO = 6;

export class Printk {
  private records: LogRecord[] = [];
  /** __LOG_BUF_LEN: keep the newest records within this many bytes of text */
  private readonly maxBytes = 1 << 18;
  private bytes = 0;
  /** host hook (the console, tests) */
  onRecord: ((r: LogRecord) => void) | null = null;

  constructor(private readonly now: () => number) {}

  log(text: string, level = KERN_INFO): void {
    for (const line of text.split('\n')) {
      const r = { timeNs: this.now(), level, text: line };
      this.records.push(r);
      this.bytes += line.length + 16;
      this.onRecord?.(r);
    }
    while (this.bytes > this.maxBytes && this.records.length > 1) {
      const r = this.records.shift()!;
      this.bytes -= r.text.length + 16;
    }
  }

  /**
   * "<6>[    5.123456] text\n" lines as SYSLOG_ACTION_READ_ALL returns them: the syslog
   * priority (facility kern = 0, so just the level) then the timestamp.
   */
  text(): string {
    let out = '';
    for (const r of this.records) out += `<${r.level}>${stamp(r.timeNs)} ${r.text}\n`;
    return out;
  }

  clear(): void {
    this.records = [];
    this.bytes = 0;
  }
}

export function stamp(ns: number): string {
  const us = Math.floor(ns / 1000);
  const s = Math.floor(us / 1_000_000);
  const frac = String(us % 1_000_000).padStart(6, '0');
  return `[${String(s).padStart(5, ' ')}.${frac}]`;
}
