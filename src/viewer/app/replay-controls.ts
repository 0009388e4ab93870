/**
 * The replay bar: a slider over visit steps (0 … number of visits), step buttons, and play
 * at a chosen rate. The last step shows the whole search, which is the normal view.
 */
export class ReplayControls {
  private total = 0;
  private timer: number | null = null;
  private readonly slider: HTMLInputElement;
  private readonly label: HTMLElement;
  private readonly play: HTMLButtonElement;
  private readonly rate: HTMLSelectElement;

  constructor(
    root: HTMLElement,
    private readonly onStep: (step: number | null) => void,
    /** Says what the visit at a step was, e.g. `node #5: 3 + 3 = 6`. */
    private readonly describe: (step: number) => string = () => '',
  ) {
    root.innerHTML = `
      <button type="button" class="back" title="previous visit" aria-label="previous visit">◀</button>
      <button type="button" class="play" title="play the search in visit order">▶ Play</button>
      <button type="button" class="fwd" title="next visit" aria-label="next visit">▶|</button>
      <input type="range" class="slider" min="0" max="0" value="0" aria-label="replay step">
      <select class="rate" aria-label="replay speed">
        <option value="2">2 / s</option><option value="10" selected>10 / s</option><option value="50">50 / s</option><option value="250">250 / s</option><option value="1000">1000 / s</option>
      </select>
      <span class="replay-label muted"></span>`;
    this.slider = root.querySelector('.slider')!;
    this.label = root.querySelector('.replay-label')!;
    this.play = root.querySelector('.play')!;
    this.rate = root.querySelector('.rate')!;
    this.slider.addEventListener('input', () => this.set(Number(this.slider.value)));
    root.querySelector('.back')!.addEventListener('click', () => this.stepBy(-1));
    root.querySelector('.fwd')!.addEventListener('click', () => this.stepBy(1));
    this.play.addEventListener('click', () => this.toggle());
  }

  reset(total: number): void {
    this.stop();
    this.total = total;
    this.slider.max = String(total);
    this.set(total);
  }

  get step(): number {
    return Number(this.slider.value);
  }

  stepBy(delta: number): void {
    this.stop();
    this.set(Math.min(this.total, Math.max(0, this.step + delta)));
  }

  toggle(): void {
    if (this.timer !== null) return this.stop();
    if (this.step >= this.total) this.set(0);
    this.play.textContent = '❚❚ Pause';
    let last = performance.now();
    let carry = 0;
    const tick = (now: number) => {
      carry += ((now - last) / 1000) * Number(this.rate.value);
      last = now;
      const advance = Math.floor(carry);
      carry -= advance;
      if (advance > 0) this.set(Math.min(this.total, this.step + advance));
      if (this.step >= this.total) return this.stop();
      this.timer = requestAnimationFrame(tick);
    };
    this.timer = requestAnimationFrame(tick);
  }

  stop(): void {
    if (this.timer !== null) cancelAnimationFrame(this.timer);
    this.timer = null;
    this.play.textContent = '▶ Play';
  }

  private set(step: number): void {
    this.slider.value = String(step);
    const full = step >= this.total;
    const what = step > 0 && !full ? this.describe(step) : '';
    this.label.textContent = full ? `whole search · ${this.total} visits` : `visit ${step} of ${this.total}${what ? ` · ${what}` : ''}`;
    this.onStep(full ? null : step);
  }
}
