import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Counts what a person does to finish a task: every click or tap, every key pressed and every
 * field filled (typing a name is one action, as it is one thought). Looking and waiting are free.
 * Specs drive the task only through this, then assert the count, so a change that adds a step to
 * a front-desk task fails its test.
 */
export class Actions {
  readonly done: string[] = [];

  constructor(private readonly page: Page) {}

  get count(): number {
    return this.done.length;
  }

  async click(target: Locator, what: string, options?: Parameters<Locator['click']>[0]): Promise<void> {
    this.done.push(`click ${what}`);
    await target.click(options);
  }

  async fill(target: Locator, text: string, what: string): Promise<void> {
    this.done.push(`type ${what}`);
    await target.fill(text);
  }

  async press(key: string): Promise<void> {
    this.done.push(`press ${key}`);
    await this.page.keyboard.press(key);
  }

  /** Fails when the task took more than `limit` actions, listing them. */
  expectAtMost(limit: number, task: string): void {
    expect(
      this.count,
      `${task}: ${this.count} actions (${this.done.join(' → ')}), at most ${limit}`,
    ).toBeLessThanOrEqual(limit);
  }
}
