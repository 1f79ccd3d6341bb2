// The live progress line: what is being measured now, redrawn in place on a terminal (one line per update on a
// pipe, so a CI log shows where a run stopped).
export class ProgressLine {
  #shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(label: string): void {
    if (this.stream.isTTY) {
      const width = (this.stream.columns ?? 100) - 1;
      this.stream.write(`\r\x1b[2K${label.slice(0, width)}`);
      this.#shown = true;
    } else {
      this.stream.write(`${label}\n`);
    }
  }

  /** Clears the line (on a terminal) before other output. */
  clear(): void {
    if (!this.#shown) return;
    this.stream.write('\r\x1b[2K');
    this.#shown = false;
  }
}
