import type { Clock } from '../../src/services/ports';

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  private current: number;
  constructor(start: string | Date) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(instant: string | Date): void {
    this.current = new Date(instant).getTime();
  }
}
