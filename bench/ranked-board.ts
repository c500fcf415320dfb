/**
 * `npx tsx bench/ranked-board.ts [--keys N] [--moves N] [--baseline-moves N] [--reads N]`
 *
 * RankedBoard (scoring/ranked-board.ts) against a plain sorted array moved by splice, in one
 * process: `--keys` keys set one by one (and, apart, built at once), then random `set` moves that
 * each change the key's score, then reads: positionOf, a page of 21 around a key, countAbove.
 * Three boards: scores spread wide (few ties), and a day board where 80% score 0, its ties
 * compared first by id strings (compareCodePoints, as the caller does) and then by IdRanks.
 * Rates are per second of this process's CPU time, the best of a few rounds, as the machine may
 * be shared. The baseline, some 20,000 moves a second, makes fewer moves by default
 * (--baseline-moves), and both structures must end in the same order after its moves. Memory: what the structure keeps of the V8 heap plus
 * ArrayBuffers (typed arrays live outside the heap) after a full GC; ids and inputs not counted.
 */
import { parseArgs } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import { IdRanks } from "../scoring/id-ranks.ts";
import { type BoardEntry, RankedBoard, type TieOrder } from "../scoring/ranked-board.ts";
import { compareCodePoints } from "../scoring/ranking.ts";
import { seededRandom } from "../scripts/demo/random.ts";

const { values: args } = parseArgs({
  options: {
    keys: { type: "string", default: "100000" },
    moves: { type: "string", default: "1000000" },
    "baseline-moves": { type: "string", default: "100000" },
    reads: { type: "string", default: "200000" },
  },
});
const [keyCount, moves, baselineMoves, reads] = [args.keys, args.moves, args["baseline-moves"], args.reads].map(Number);
/** The moves are made in rounds, and the best round's rate is reported. */
const MOVE_ROUNDS = 5;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** What the bench asks of both structures. */
interface Board {
  set(key: number, score: number): void;
  positionOf(key: number): number;
  slice(from: number, count: number): BoardEntry[];
  countAbove(score: number): number;
}

/** The baseline: every key in one array in board order, found by binary search, moved by splice. */
class SortedArrayBoard implements Board {
  private readonly keys: number[] = [];
  private readonly scores = new Float64Array(keyCount).fill(NaN);
  constructor(private readonly tieOrder: TieOrder) {}
  /** The first index whose key comes after the probe (score, tie). */
  private after(score: number, tie: (key: number) => number): number {
    let [low, high] = [0, this.keys.length];
    while (low < high) {
      const mid = (low + high) >>> 1;
      const s = this.scores[this.keys[mid]];
      if (s < score || (s === score && tie(this.keys[mid]) > 0)) high = mid;
      else low = mid + 1;
    }
    return low;
  }
  positionOf(key: number): number {
    const score = this.scores[key];
    return Number.isNaN(score) ? -1 : this.after(score, (other) => (other === key ? 1 : this.tieOrder(other, key)));
  }
  set(key: number, score: number): void {
    if (!Number.isNaN(this.scores[key])) this.keys.splice(this.positionOf(key), 1);
    this.scores[key] = score;
    this.keys.splice(
      this.after(score, (other) => this.tieOrder(other, key)),
      0,
      key,
    );
  }
  slice(from: number, count: number): BoardEntry[] {
    return this.keys.slice(from, from + count).map((key) => ({ key, score: this.scores[key] }));
  }
  countAbove(score: number): number {
    return this.after(score, () => 1);
  }
}

// Participant ids in an order unrelated to their keys, as row numbers and ids are.
const random = seededRandom(7);
const ids = Array.from({ length: keyCount }, (_, key) => `p-${String(key + 1).padStart(6, "0")}`);
for (let i = keyCount - 1; i > 0; i--) {
  const j = random.int(0, i);
  [ids[i], ids[j]] = [ids[j], ids[i]];
}
const byId: TieOrder = (a, b) => compareCodePoints(ids[a], ids[b]);
const byRank = new IdRanks(ids).tieOrder;

const spread = () => random.int(0, 1e9);
const dayScore = () => (random.next() < 0.8 ? 0 : random.int(1, 50) * 10_000);
const scenarios = [
  { name: "spread, id ties", draw: spread, tieOrder: byId },
  { name: "day board, id ties", draw: dayScore, tieOrder: byId },
  { name: "day board, IdRanks", draw: dayScore, tieOrder: byRank },
];

interface Input {
  initial: Float64Array;
  moveKeys: Int32Array;
  moveScores: Float64Array;
}

/**
 * Initial scores and moves, each a key and a score other than the one it has then: a pair drawn
 * again until it is one, so that scores stay as `draw` spreads them and the baseline's fewer moves
 * leave a board like RankedBoard's for the reads.
 */
function inputOf(draw: () => number): Input {
  const count = Math.max(moves, baselineMoves, reads) + MOVE_ROUNDS;
  const initial = Float64Array.from({ length: keyCount }, draw);
  const current = initial.slice();
  const moveKeys = new Int32Array(count);
  const moveScores = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let key: number;
    let score: number;
    do {
      key = random.int(0, keyCount - 1);
      score = draw();
    } while (score === current[key]);
    [moveKeys[i], moveScores[i], current[key]] = [key, score, score];
  }
  return { initial, moveKeys, moveScores };
}

/**
 * Heap and ArrayBuffers in use after full GCs, once three readings agree: dead buffers' memory is
 * freed by a background thread, later on a busy machine.
 */
async function memory(): Promise<number> {
  const readings: number[] = [];
  const settled = () => readings.length >= 3 && new Set(readings.slice(-3)).size === 1;
  while (!settled() && readings.length < 50) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    readings.push(heapUsed + arrayBuffers);
  }
  return readings[readings.length - 1];
}

/** Where reads put their results, so that no loop is work for nothing. */
// biome-ignore lint/correctness/noUnusedVariables: written, never read, on purpose
let sink = 0;

/** A timed run: `count` operations on a board, from the input; moves take a round's share of them. */
type Run = (board: Board, input: Input, count: number, round: number) => void;

// Runs take the board as an argument: a closure over it could be kept alive by code V8 optimised
// for that closure, and be counted in the next structure's memory.
const setFromEmpty: Run = (board, { initial }) => {
  for (let key = 0; key < initial.length; key++) board.set(key, initial[key]);
};
const moveRound: Run = (board, { moveKeys, moveScores }, count, round) => {
  for (let i = round * count; i < (round + 1) * count; i++) board.set(moveKeys[i], moveScores[i]);
};
const positionOfReads: Run = (board, { moveKeys }, count) => {
  for (let i = 0; i < count; i++) sink += board.positionOf(moveKeys[i]);
};
const pageAroundReads: Run = (board, { moveKeys }, count) => {
  for (let i = 0; i < count; i++) sink += board.slice(Math.max(0, board.positionOf(moveKeys[i]) - 10), 21).length;
};
const countAboveReads: Run = (board, { moveScores }, count) => {
  for (let i = 0; i < count; i++) sink += board.countAbove(moveScores[i]);
};

/** Operations per CPU second of the best of `rounds` runs of `count` each: the one least disturbed by other work. */
function bestRate(rounds: number, count: number, run: Run, board: Board, input: Input): number {
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const start = process.cpuUsage();
    run(board, input, count, round);
    const { user, system } = process.cpuUsage(start);
    best = Math.max(best, count / ((user + system) / 1e6));
  }
  return best;
}

function play(board: Board, input: Input, moveCount: number): Board {
  setFromEmpty(board, input, keyCount, 0);
  const count = Math.ceil(moveCount / MOVE_ROUNDS);
  for (let round = 0; round < MOVE_ROUNDS; round++) moveRound(board, input, count, round);
  return board;
}

async function measure(make: () => Board, buildAtOnce: (entries: BoardEntry[]) => unknown, input: Input, moveCount: number) {
  const before = await memory();
  const board = make();
  const buildRun: Run = (_, { initial }) => buildAtOnce(Array.from(initial, (score, key) => ({ key, score })));
  const figures = {
    "set, from empty": bestRate(1, keyCount, setFromEmpty, board, input),
    "build at once": bestRate(3, keyCount, buildRun, board, input),
    "set, moving": bestRate(MOVE_ROUNDS, Math.ceil(moveCount / MOVE_ROUNDS), moveRound, board, input),
    positionOf: bestRate(3, reads, positionOfReads, board, input),
    "page of 21 around": bestRate(3, reads, pageAroundReads, board, input),
    countAbove: bestRate(3, reads, countAboveReads, board, input),
  };
  return { figures, bytes: (await memory()) - before, board };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const row = (cells: string[]) => console.log(cells.map((c, i) => (i < 2 ? c.padEnd(21) : c.padStart(14))).join(""));

console.log(`${fmt(keyCount)} keys; RankedBoard ${fmt(moves)} moves, sorted array ${fmt(baselineMoves)}; ${fmt(reads)} of each read; Node ${process.version}`);
row(["board", "per CPU second", "RankedBoard", "sorted array", "ratio"]);
for (const { name, draw, tieOrder } of scenarios) {
  const input = inputOf(draw);
  const ranked = await measure(
    () => new RankedBoard(tieOrder),
    (entries) => RankedBoard.from(entries, tieOrder),
    input,
    moves,
  );
  // Kept until both are measured: memory freed while the baseline is measured would count against it.
  row([name, "chunks", fmt((ranked.board as RankedBoard).chunkCount), "", ""]);
  const baseline = await measure(
    () => new SortedArrayBoard(tieOrder),
    (entries) => entries.sort((a, b) => (a.score !== b.score ? b.score - a.score : tieOrder(a.key, b.key))),
    input,
    baselineMoves,
  );
  for (const [measured, rate] of Object.entries(ranked.figures)) {
    const base = baseline.figures[measured as keyof typeof baseline.figures];
    row([name, measured, fmt(rate), fmt(base), `${(rate / base).toFixed(2)}×`]);
  }
  row([name, "memory kept, bytes", fmt(ranked.bytes), fmt(baseline.bytes), `${(ranked.bytes / baseline.bytes).toFixed(2)}×`]);
  const agreed = play(new RankedBoard(tieOrder), input, baselineMoves).slice(0, keyCount);
  if (JSON.stringify(agreed) !== JSON.stringify(baseline.board.slice(0, keyCount))) throw new Error(`${name}: the structures disagree`);
}
