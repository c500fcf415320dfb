/**
 * The worker isolate's own memory, read through workerd's inspector (the DevTools protocol's
 * Runtime.getHeapUsage), sampled while the benchmark runs: this is the figure Cloudflare's 128 MB
 * isolate limit applies to, which the workerd process's RSS (the whole runtime) is not.
 */
export interface HeapSampler {
  /** Peak V8 heap in use, and peak heap reserved plus ArrayBuffer backing stores, in MB (null where none was read). */
  stop(): { usedPeakMb: number | null; totalPeakMb: number | null; samples: number };
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize?: number;
}

/** A WebSocket to the runtime's inspector, open. */
export async function openInspector(url: string): Promise<WebSocket> {
  // Node's WebSocket (undici) takes headers as a second argument; an inspector may want an Origin it knows.
  const Socket = WebSocket as unknown as new (url: string, init: { headers: Record<string, string> }) => WebSocket;
  const ws = new Socket(url, { headers: { Origin: "http://127.0.0.1" } });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve());
    ws.addEventListener("error", () => reject(new Error("inspector connection failed")));
    setTimeout(() => reject(new Error("inspector connection timed out")), 10_000);
  });
  return ws;
}

export async function sampleIsolateHeap(inspectorUrl: string, everyMs = 250): Promise<HeapSampler | null> {
  let ws: WebSocket;
  try {
    ws = await openInspector(inspectorUrl);
  } catch {
    return null;
  }
  let used = 0;
  let total = 0;
  let samples = 0;
  let next = 1;
  let waiting = false;
  ws.addEventListener("message", (m) => {
    const data = JSON.parse(String(m.data)) as { id?: number; result?: HeapUsage };
    if (data.id === undefined || data.id >= 1_000_000 || !data.result || !("usedSize" in data.result)) return;
    waiting = false;
    samples++;
    used = Math.max(used, data.result.usedSize);
    total = Math.max(total, data.result.totalSize + (data.result.backingStorageSize ?? 0));
  });
  const timer = setInterval(() => {
    if (waiting || ws.readyState !== 1) return;
    waiting = true;
    ws.send(JSON.stringify({ id: next++, method: "Runtime.getHeapUsage" }));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      ws.close();
      const mb = (b: number) => (samples ? Math.round((b / 1024 ** 2) * 10) / 10 : null);
      return { usedPeakMb: mb(used), totalPeakMb: mb(total), samples };
    },
  };
}
