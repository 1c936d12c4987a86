// localStorage when the page may use it; otherwise (a cross-site iframe whose storage the browser
// blocks, a sandboxed page) a Storage that lives as long as the page. Reading `localStorage`
// itself throws a SecurityError there.
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

let chosen: Storage | null = null;

export function pageStorage(): Storage {
  if (chosen) return chosen;
  try {
    const s = window.localStorage;
    s.getItem('container-lab:probe');
    chosen = s;
  } catch (_e) {
    chosen = memoryStorage();
  }
  return chosen;
}
