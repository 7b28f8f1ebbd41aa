import { Writable } from 'node:stream';

/** Collects a process's JSON log lines so a test can scan them (for leaks, correlation ids, errors). */
export class LogCapture {
  readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.push(chunk.toString('utf8'));
      done();
    },
  });
  private partial = '';

  push(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter((line) => line.length > 0));
  }

  parsed(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line));
  }

  text(): string {
    return this.lines.join('\n') + this.partial;
  }
}
