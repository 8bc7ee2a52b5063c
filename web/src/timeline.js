// Timeline of event counts (bars) with a brush: drag across it to filter by date, click to clear.
const DAY = 86400000;

function parseDay(s) {
  return Date.parse(`${s}T00:00:00Z`);
}

export function formatDay(t) {
  return new Date(t).toISOString().slice(0, 10);
}

export class Timeline {
  constructor(canvas, { onBrush }) {
    this.canvas = canvas;
    this.onBrush = onBrush;
    this.buckets = []; // [{t, count, fatalities}], t = bucket start (ms)
    this.step = DAY;
    this.range = null; // [t0, t1] selected (inclusive days)
    this.drag = null;
    canvas.addEventListener("pointerdown", (e) => this._down(e));
    canvas.addEventListener("pointermove", (e) => this._move(e));
    canvas.addEventListener("pointerup", (e) => this._up(e));
    canvas.addEventListener("pointercancel", () => {
      this.drag = null;
      this.draw();
    });
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** rows: [{key: "YYYY-MM-DD", count, fatalities}], bucket: "day" | "week" */
  setData(rows, bucket) {
    this.step = bucket === "week" ? 7 * DAY : DAY;
    this.buckets = rows
      .filter((r) => r.key)
      .map((r) => ({ t: parseDay(r.key), count: r.events, fatalities: r.fatalities || 0 }))
      .filter((b) => !Number.isNaN(b.t))
      .sort((a, b) => a.t - b.t);
    this.canvas.dataset.buckets = String(this.buckets.length);
    this.draw();
  }

  setRange(from, to) {
    this.range = from || to ? [from ? parseDay(from) : null, to ? parseDay(to) : null] : null;
    this.draw();
  }

  _domain() {
    if (!this.buckets.length) return null;
    const t0 = this.buckets[0].t;
    const t1 = this.buckets[this.buckets.length - 1].t + this.step;
    return [t0, Math.max(t1, t0 + this.step)];
  }

  _x(t, width) {
    const [t0, t1] = this._domain();
    return ((t - t0) / (t1 - t0)) * width;
  }

  _t(x, width) {
    const [t0, t1] = this._domain();
    return t0 + (Math.max(0, Math.min(width, x)) / width) * (t1 - t0);
  }

  _local(e) {
    const rect = this.canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, width: rect.width };
  }

  _down(e) {
    if (!this._domain()) return;
    this.canvas.setPointerCapture(e.pointerId);
    const { x } = this._local(e);
    this.drag = { x0: x, x1: x };
  }

  _move(e) {
    if (!this.drag) return;
    this.drag.x1 = this._local(e).x;
    this.draw();
  }

  _up(e) {
    if (!this.drag) return;
    const { width } = this._local(e);
    const { x0 } = this.drag;
    const x1 = this._local(e).x;
    this.drag = null;
    if (Math.abs(x1 - x0) < 4) {
      this.range = null;
      this.draw();
      this.onBrush(null, null);
      return;
    }
    const a = Math.floor(this._t(Math.min(x0, x1), width) / DAY) * DAY;
    const b = Math.floor((this._t(Math.max(x0, x1), width) - 1) / DAY) * DAY;
    this.range = [a, Math.max(a, b)];
    this.draw();
    this.onBrush(formatDay(this.range[0]), formatDay(this.range[1]));
  }

  draw() {
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (!width || !height) return;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const domain = this._domain();
    const axis = 16;
    const top = 14;
    const plotH = height - axis - top;
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#52606d";
    if (!domain) {
      ctx.fillText("no dated events", 8, height / 2);
      return;
    }
    const max = Math.max(...this.buckets.map((b) => b.count), 1);
    const barW = Math.max(1, this._x(domain[0] + this.step, width) - this._x(domain[0], width) - 1);
    const inRange = (t) =>
      !this.range || ((this.range[0] === null || t + this.step > this.range[0]) && (this.range[1] === null || t <= this.range[1]));
    for (const b of this.buckets) {
      const h = Math.max(1, (b.count / max) * plotH);
      ctx.fillStyle = inRange(b.t) ? "#3e4c59" : "#cbd2d9";
      ctx.fillRect(this._x(b.t, width), top + plotH - h, barW, h);
    }
    // Axis: first, middle and last dates, and the peak count.
    ctx.fillStyle = "#52606d";
    ctx.textBaseline = "bottom";
    ctx.textAlign = "left";
    ctx.fillText(formatDay(domain[0]), 2, height);
    ctx.textAlign = "right";
    ctx.fillText(formatDay(domain[1] - DAY), width - 2, height);
    if (width > 360) {
      ctx.textAlign = "center";
      ctx.fillText(formatDay(Math.floor((domain[0] + domain[1]) / 2 / DAY) * DAY), width / 2, height);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    ctx.fillText(`max ${max} events/${this.step === DAY ? "day" : "week"} · drag to filter`, width - 2, 1);
    // Brush: the drag in progress, else the selected range.
    let sel = null;
    if (this.drag) sel = [Math.min(this.drag.x0, this.drag.x1), Math.max(this.drag.x0, this.drag.x1)];
    else if (this.range) {
      const a = this.range[0] === null ? 0 : this._x(this.range[0], width);
      const b = this.range[1] === null ? width : this._x(this.range[1] + DAY, width);
      sel = [Math.max(0, a), Math.min(width, b)];
    }
    if (sel) {
      ctx.fillStyle = "rgba(213, 94, 0, 0.15)";
      ctx.fillRect(sel[0], 0, Math.max(1, sel[1] - sel[0]), height - axis);
      ctx.strokeStyle = "#d55e00";
      ctx.lineWidth = 1.5;
      ctx.strokeRect(sel[0] + 0.5, 0.5, Math.max(1, sel[1] - sel[0] - 1), height - axis - 1);
    }
  }
}
