/**
 * The worker isolate's own memory, read through wrangler dev's inspector (the DevTools protocol's
 * Runtime.getHeapUsage), sampled while the benchmark runs: this is the figure Cloudflare's 128 MB
 * isolate limit applies to, which the workerd process's RSS (the whole runtime) is not.
 */
export interface HeapSampler {
  /**
   * The heap in use just after a full collection, in MB: what the isolate holds live, where the
   * sampled peaks also count garbage V8 has not collected yet (null where it could not be read).
   */
  liveMb(): Promise<number | null>;
  /** Peak V8 heap in use, and peak heap reserved plus ArrayBuffer backing stores, in MB (null where none was read). */
  stop(): { usedPeakMb: number | null; totalPeakMb: number | null; samples: number };
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize?: number;
}

export async function sampleIsolateHeap(inspectorPort: number, everyMs = 250): Promise<HeapSampler | null> {
  // Node's WebSocket (undici) takes headers as a second argument; the inspector proxy wants an Origin it knows.
  const Socket = WebSocket as unknown as new (url: string, init: { headers: Record<string, string> }) => WebSocket;
  let ws: WebSocket;
  try {
    ws = new Socket(`ws://127.0.0.1:${inspectorPort}/ws`, { headers: { Origin: "http://127.0.0.1" } });
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve());
      ws.addEventListener("error", () => reject(new Error("inspector connection failed")));
      setTimeout(() => reject(new Error("inspector connection timed out")), 10_000);
    });
  } catch {
    return null;
  }
  let used = 0;
  let total = 0;
  let samples = 0;
  let next = 1;
  let waiting = false;
  // Replies to liveMb's calls, by id (from 1,000,000 up, apart from the samples' ids).
  const replies = new Map<number, (result: HeapUsage | null) => void>();
  let nextCall = 1_000_000;
  const call = (method: string) =>
    new Promise<HeapUsage | null>((resolve) => {
      const id = nextCall++;
      replies.set(id, resolve);
      ws.send(JSON.stringify({ id, method }));
      setTimeout(() => replies.get(id)?.(null), 30_000);
    });
  ws.addEventListener("message", (m) => {
    const data = JSON.parse(String(m.data)) as { id?: number; result?: HeapUsage };
    if (data.id !== undefined && replies.has(data.id)) {
      replies.get(data.id)!(data.result ?? null);
      replies.delete(data.id);
      return;
    }
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
    async liveMb() {
      if (ws.readyState !== 1) return null;
      await call("HeapProfiler.collectGarbage");
      const usage = await call("Runtime.getHeapUsage");
      return usage && "usedSize" in usage ? Math.round((usage.usedSize / 1024 ** 2) * 10) / 10 : null;
    },
    stop() {
      clearInterval(timer);
      ws.close();
      const mb = (b: number) => (samples ? Math.round((b / 1024 ** 2) * 10) / 10 : null);
      return { usedPeakMb: mb(used), totalPeakMb: mb(total), samples };
    },
  };
}
