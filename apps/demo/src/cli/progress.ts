// A progress line on the terminal: a spinner, the elapsed time and the running step (and what it is doing now),
// redrawn in place ten times a second on a TTY; nothing on a pipe, where the demo prints each title itself, once.
import type { WriteStream } from 'node:tty';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Progress {
  #timer: ReturnType<typeof setInterval> | undefined;
  #label = '';

  constructor(
    private readonly stream: NodeJS.WriteStream | WriteStream,
    private readonly enabled: boolean,
  ) {}

  /** Whether the line is drawn: enabled, on a TTY. */
  get drawing(): boolean {
    return this.enabled && this.stream.isTTY === true;
  }

  start(label: string): void {
    this.stop();
    if (!this.drawing) return;
    const started = performance.now();
    let frame = 0;
    this.#label = label;
    const draw = () => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const line = `${FRAMES[frame++ % FRAMES.length]} ${seconds.padStart(5)} s  ${this.#label}`;
      this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 100) - 1)}`);
    };
    draw();
    this.#timer = setInterval(draw, 100);
  }

  /** Changes the running step's label on a TTY (its elapsed time goes on); nothing on a pipe. */
  update(label: string): void {
    this.#label = label;
  }

  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.stream.write('\r\x1b[2K');
  }
}
