// Key-driver analysis (language-v2 §14), natively: the complete cases' moments in the source's one
// pass. Each column (outcome first) is an operand over the drivers' filter (window, where); a row
// is a complete case when every column is non-null. Means and co-moments are updated online
// (Welford): for the n-th case, with δⱼ = xⱼ − meanⱼ before the update,
//   meanⱼ += δⱼ / n;   Cⱼₖ += δⱼ · (xₖ − meanₖ)   (new meanₖ),
// which stays accurate where Σx² − n·mean² would cancel. corr = Cⱼₖ / √(Cⱼⱼ · Cₖₖ).
// A column is constant when its smallest and largest complete-case values are equal (exactly);
// its correlations are NaN. With no complete case the means are NaN and every column is constant.
import type { DriversOutput } from "../../plan/plan";
import type { Consumer, Filter, Operand } from "./kernel";

export class DriversConsumer implements Consumer {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly co: Float64Array; // k × k
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly delta: Float64Array;
  private readonly k: number;
  output: DriversOutput | undefined;

  constructor(
    readonly filter: Filter,
    readonly operands: Operand[],
  ) {
    const k = (this.k = operands.length);
    this.mean = new Float64Array(k);
    this.co = new Float64Array(k * k);
    this.min = new Float64Array(k).fill(Infinity);
    this.max = new Float64Array(k).fill(-Infinity);
    this.delta = new Float64Array(k);
  }

  consume(): void {
    const m = this.filter.n;
    const k = this.k;
    const cols = this.operands.map((o) => o.vec.out as Float64Array);
    const { mean, co, min, max, delta } = this;
    rows: for (let i = 0; i < m; i++) {
      for (let j = 0; j < k; j++) {
        const v = cols[j][i];
        if (v !== v) continue rows;
      }
      const n = ++this.n;
      for (let j = 0; j < k; j++) {
        const x = cols[j][i];
        const d = x - mean[j];
        delta[j] = d;
        mean[j] += d / n;
        if (x < min[j]) min[j] = x;
        if (x > max[j]) max[j] = x;
      }
      for (let j = 0; j < k; j++) {
        const dj = delta[j];
        const row = j * k;
        for (let l = j; l < k; l++) co[row + l] += dj * (cols[l][i] - mean[l]);
      }
    }
  }

  finish(): void {
    const k = this.k;
    const n = this.n;
    const constant = Array.from({ length: k }, (_, j) => n === 0 || this.min[j] === this.max[j]);
    const means = Array.from({ length: k }, (_, j) => (n === 0 ? NaN : this.mean[j]));
    const corr: number[][] = [];
    for (let j = 0; j < k; j++) {
      corr.push([]);
      for (let l = 0; l < k; l++) {
        const [a, b] = j <= l ? [j, l] : [l, j];
        if (constant[j] || constant[l]) corr[j].push(NaN);
        else if (j === l) corr[j].push(1);
        else corr[j].push(this.co[a * k + b] / Math.sqrt(this.co[a * k + a] * this.co[b * k + b]));
      }
    }
    this.output = { n, means, constant, corr };
  }
}
