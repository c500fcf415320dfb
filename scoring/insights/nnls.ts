/**
 * Non-negative least squares: min ‖y − Xβ‖² subject to β ≥ 0, by the active-set method of Lawson &
 * Hanson (Solving Least Squares Problems, 1974, ch. 23, algorithm NNLS), worked on the normal
 * equations XᵀX β = Xᵀy. Non-negative because a behaviour a manager rewards should not earn
 * negative points; a handful of metrics keeps the p × p systems tiny.
 */

/** Solves A z = r by Gaussian elimination with partial pivoting; a direction with no pivot gets 0. */
function solve(a: number[][], r: number[]): number[] {
  const n = r.length;
  const m = a.map((row, i) => [...row, r[i]]);
  const scale = Math.max(1e-300, ...a.map((row, i) => Math.abs(row[i])));
  const pivotOf = new Array<number>(n).fill(-1);
  const used = new Array<boolean>(n).fill(false);
  for (let col = 0; col < n; col++) {
    let best = -1;
    for (let row = 0; row < n; row++) {
      if (!used[row] && (best < 0 || Math.abs(m[row][col]) > Math.abs(m[best][col]))) best = row;
    }
    if (best < 0 || Math.abs(m[best][col]) <= 1e-12 * scale) continue; // collinear with earlier columns
    used[best] = true;
    pivotOf[col] = best;
    for (let row = 0; row < n; row++) {
      if (row === best) continue;
      const f = m[row][col] / m[best][col];
      if (f !== 0) for (let k = col; k <= n; k++) m[row][k] -= f * m[best][k];
    }
  }
  return pivotOf.map((row, col) => (row < 0 ? 0 : m[row][n] / m[row][col]));
}

/**
 * The β ≥ 0 minimising ‖y − Xβ‖², where `rows` are the rows of X (one per observation) and `y`
 * the observations. A column whose gradient is within rounding of 0 stays at 0.
 */
export function nonNegativeLeastSquares(rows: readonly (readonly number[])[], y: readonly number[]): number[] {
  if (rows.length !== y.length) throw new RangeError("one observation per row");
  const p = rows.length === 0 ? 0 : rows[0].length;
  const gram = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  rows.forEach((row, i) => {
    if (row.length !== p) throw new RangeError("every row has the same length");
    for (let j = 0; j < p; j++) {
      xty[j] += row[j] * y[i];
      for (let k = 0; k < p; k++) gram[j][k] += row[j] * row[k];
    }
  });
  const yNorm = Math.sqrt(y.reduce((s, v) => s + v * v, 0));
  // |gradient_j| ≤ ‖X_j‖ ‖y‖; below 1e-10 of that it is rounding, not signal.
  const tolerance = gram.map((row, j) => 1e-10 * Math.sqrt(row[j]) * yNorm);

  const beta = new Array<number>(p).fill(0);
  const passive = new Array<boolean>(p).fill(false);
  const blocked = new Array<boolean>(p).fill(false);
  const gradient = () => xty.map((b, j) => b - gram[j].reduce((s, g, k) => s + g * beta[k], 0));
  const solvePassive = () => {
    const idx = passive.flatMap((on, j) => (on ? [j] : []));
    const z = solve(
      idx.map((j) => idx.map((k) => gram[j][k])),
      idx.map((j) => xty[j]),
    );
    const full = new Array<number>(p).fill(0);
    idx.forEach((j, i) => (full[j] = z[i]));
    return full;
  };

  for (let outer = 0; outer < 3 * p + 3; outer++) {
    const w = gradient();
    let enter = -1;
    for (let j = 0; j < p; j++) {
      if (!passive[j] && !blocked[j] && w[j] > tolerance[j] && (enter < 0 || w[j] > w[enter])) enter = j;
    }
    if (enter < 0) break;
    passive[enter] = true;
    let z = solvePassive();
    if (!(z[enter] > 0)) {
      // Rounding can make the entering column's own coefficient ≤ 0; Lawson & Hanson then leave it out.
      passive[enter] = false;
      blocked[enter] = true;
      continue;
    }
    blocked.fill(false);
    for (let inner = 0; inner < 3 * p + 3; inner++) {
      const falling = passive.flatMap((on, j) => (on && z[j] <= 0 ? [j] : []));
      if (falling.length === 0) break;
      // Step from β towards z as far as keeps β ≥ 0; the coefficients that reach 0 leave.
      let first = falling[0];
      for (const j of falling) if (beta[j] / (beta[j] - z[j]) < beta[first] / (beta[first] - z[first])) first = j;
      const alpha = beta[first] / (beta[first] - z[first]);
      for (let j = 0; j < p; j++) if (passive[j]) beta[j] += alpha * (z[j] - beta[j]);
      beta[first] = 0; // exactly, whatever the rounding of the step
      for (let j = 0; j < p; j++) {
        if (passive[j] && beta[j] <= 0) {
          beta[j] = 0;
          passive[j] = false;
        }
      }
      z = solvePassive();
    }
    for (let j = 0; j < p; j++) beta[j] = passive[j] ? z[j] : 0;
  }
  return beta;
}
