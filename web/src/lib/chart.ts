/** The chart.js setup the site's charts share (ScoreChart, InsightChart): loaded in the browser only. */
import type { ChartData, Plugin } from "chart.js";

export interface ChartSpec {
  type: "line" | "bar";
  data: ChartData<"line" | "bar">;
  /** The y axis's title; the axis starts at zero. */
  yTitle: string;
  animationMs: number;
  plugins?: Plugin<"line" | "bar">[];
}

/**
 * Draws the chart on the canvas once chart.js has loaded, then calls `onDrawn` (tests wait for
 * it); answers the cleanup for onMount. Fills its box, legend below, no animation where the
 * reader asks for reduced motion.
 */
export function mountChart(canvas: HTMLCanvasElement, spec: ChartSpec, onDrawn: () => void): () => void {
  let chart: { destroy(): void } | undefined;
  (async () => {
    const { default: Chart } = await import("chart.js/auto");
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    chart = new Chart(canvas, {
      type: spec.type,
      data: spec.data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduced ? false : { duration: spec.animationMs },
        scales: { y: { beginAtZero: true, title: { display: true, text: spec.yTitle } } },
        plugins: { legend: { position: "bottom" } },
      },
      plugins: spec.plugins,
    });
    onDrawn();
  })();
  return () => chart?.destroy();
}
