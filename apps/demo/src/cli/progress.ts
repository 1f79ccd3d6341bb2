// A progress line on the terminal: a spinner, the elapsed time and the running step, redrawn in place ten times a
// second on a TTY; on a pipe, one line when a step starts.
import type { WriteStream } from 'node:tty';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Progress {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream | WriteStream,
    private readonly enabled: boolean,
  ) {}

  start(label: string): void {
    this.stop();
    if (!this.enabled) return;
    if (!this.stream.isTTY) {
      this.stream.write(`running ${label}\n`);
      return;
    }
    const started = performance.now();
    let frame = 0;
    const draw = () => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const line = `${FRAMES[frame++ % FRAMES.length]} ${seconds.padStart(5)} s  ${label}`;
      this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 100) - 1)}`);
    };
    draw();
    this.#timer = setInterval(draw, 100);
  }

  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.stream.write('\r\x1b[2K');
  }
}
