// Controllers whose files exist with their real names and defaults but which are NOT ENFORCED yet:
// memory (the memory/OOM issue charges pages and runs the OOM killer), blkio/io (the storage
// issue throttles), devices (the runtime issue filters
// device access). Values written are validated as Linux does and read back, nothing more.

/** PAGE_COUNTER_MAX * PAGE_SIZE as v1 prints an unlimited limit */
export const MEMCG_UNLIMITED = 9223372036854771712n;

export class MemoryCg {
  /** bytes; null = unlimited. NOT ENFORCED (memory issue). */
  limit: bigint | null = null;
  softLimit: bigint | null = null;
  memswLimit: bigint | null = null;
  kmemLimit: bigint | null = null;
  tcpLimit: bigint | null = null;
  oomKillDisable = 0;
  /** v2 memory.high/max/swap.max (bytes, null = max); memory.min/low are knobs */
  high: bigint | null = null;
  max: bigint | null = null;
  swapMax: bigint | null = null;
}

export class BlkioCg {
  /** throttle rules "MAJ:MIN value" per file; NOT ENFORCED (storage issue). */
  readonly rules = new Map<string, Map<string, string>>();
  weight = 100;
}

export class DevicesCg {
  /** devices.list entries; the root allows everything. NOT ENFORCED (runtime issue). */
  list: string[] = ['a *:* rwm'];
}
