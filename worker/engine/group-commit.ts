/**
 * Group commit: posts that reach the engine while it is busy are stored together, in one
 * transaction and so one commit, and each is answered after that commit. A storage commit blocks
 * the engine's thread, so under many small posts (single events from many clients) one commit per
 * post bounds throughput; one per group does not. A lone post waits one turn of the event loop.
 */
export class GroupCommit<In, Out> {
  private pending: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  /** Groups run and inputs handled since the engine started: the bench reports inputs per commit. */
  groups = 0;
  inputs = 0;

  /** `run` handles inputs in order in one go and answers one output for each. */
  constructor(private readonly run: (inputs: In[]) => Out[]) {}

  add(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      // A macrotask, not a microtask: the calls that arrive meanwhile join this group.
      if (this.pending.length === 0) setTimeout(() => this.flush(), 0);
      this.pending.push({ input, resolve, reject });
    });
  }

  private flush(): void {
    const group = this.pending;
    this.pending = [];
    this.groups++;
    this.inputs += group.length;
    try {
      const outputs = this.run(group.map((p) => p.input));
      group.forEach((p, i) => p.resolve(outputs[i]));
    } catch (error) {
      for (const p of group) p.reject(error);
    }
  }
}
