// The base of the learning-rate schedulers (torch 1.13's `_LRScheduler`, torch/optim/lr_scheduler.py): it keeps the
// epoch count and each group's initial learning rate, and each `step()` writes the schedule's next value into the
// optimizer's groups: the recursive (chainable) form, or the closed form when an epoch is given.
import { ArgumentTypeError, describeValue, expectDict, expectInteger, ValueError } from '@bn/tensor';
import { Optimizer } from './optimizer.js';
import { unknownKey } from './options.js';
import type { Hyperparameters, ParamState } from './rule.js';

/** Any optimizer of this package: what a scheduler drives. */
export type AnyOptimizer = Optimizer<Hyperparameters, ParamState>;

/** A scheduler's state: its options, each group's initial lr, the epoch, the step count and the last lrs. */
export type LRSchedulerStateDict<O extends object> = O & {
  baseLrs: number[];
  lastEpoch: number;
  stepCount: number;
  lastLr: number[];
};

export abstract class LRScheduler<O extends Record<string, number>> {
  readonly optimizer: AnyOptimizer;
  /** The schedule's own options (stepSize, gamma, ...), as checked by the constructor. */
  readonly options: O;
  /** Each group's initial learning rate (`initialLr`). */
  baseLrs: number[];
  /** The epoch of the last `step()`: 0 after construction. */
  lastEpoch: number;
  #stepCount = 0;
  #lastLr: number[] = [];
  readonly #name: string;

  protected constructor(name: string, optimizer: unknown, options: O, lastEpoch: number) {
    if (!(optimizer instanceof Optimizer)) {
      throw new ArgumentTypeError(`${name}(): ${describeValue(optimizer)} is not an Optimizer`);
    }
    this.#name = name;
    this.checkOptions(options);
    expectInteger(name, 'lastEpoch', lastEpoch, -1);
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const g of groups) g.initialLr ??= g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new ValueError(
            `param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer`,
          );
        }
      });
    }
    this.optimizer = optimizer;
    this.options = { ...options };
    this.baseLrs = groups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
    this.step();
  }

  /** Checks the schedule's options (the constructor's and a loaded state dict's). */
  protected abstract checkOptions(options: Record<string, unknown>): void;
  /** Each group's learning rate at `lastEpoch`, from its current one (the recursive form `step()` uses). */
  protected abstract getLr(): number[];
  /** Each group's learning rate at `lastEpoch`, from `baseLrs` (the closed form `step(epoch)` uses). */
  protected abstract closedFormLr(): number[];

  /** How many times `step` has run, the constructor's own step included (torch's `_step_count`). */
  protected get stepCount(): number {
    return this.#stepCount;
  }

  /** The optimizer's groups' current learning rates. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Moves to the next epoch and writes its learning rate into every group; with `epoch`, jumps to that epoch
   * through the closed form (torch's deprecated `step(epoch)`).
   */
  step(epoch?: number): void {
    if (epoch !== undefined) expectInteger(`${this.#name}.step`, 'epoch', epoch, 0);
    this.#stepCount += 1;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr();
    }
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = values[i]!;
    });
    this.#lastLr = this.currentLrs();
  }

  /** The learning rates the last `step()` set, one per group. */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /** The scheduler's state (everything but the optimizer, as torch's `state_dict`). */
  stateDict(): LRSchedulerStateDict<O> {
    return {
      ...this.options,
      baseLrs: [...this.baseLrs],
      lastEpoch: this.lastEpoch,
      stepCount: this.#stepCount,
      lastLr: [...this.#lastLr],
    };
  }

  /** Loads a state from `stateDict()`; a dict that does not fit throws and changes nothing. */
  loadStateDict(stateDict: LRSchedulerStateDict<O>): void {
    const op = `${this.#name}.loadStateDict`;
    expectDict(op, 'stateDict', stateDict, 'scheduler state');
    const { baseLrs, lastEpoch, stepCount, lastLr, ...options } = stateDict;
    const unknown = unknownKey(options, Object.keys(this.options));
    if (unknown !== undefined)
      throw new ValueError(`${op}(): the state dict has an unknown entry '${unknown}'`);
    this.checkOptions(options);
    const groups = this.optimizer.paramGroups.length;
    for (const [key, lrs] of [
      ['baseLrs', baseLrs],
      ['lastLr', lastLr],
    ] as const) {
      if (!Array.isArray(lrs) || lrs.length !== groups || lrs.some((lr) => typeof lr !== 'number')) {
        throw new ValueError(
          `${op}(): '${key}' must be an array of ${groups} numbers (one per parameter group)`,
        );
      }
    }
    expectInteger(op, 'lastEpoch', lastEpoch, -1);
    expectInteger(op, 'stepCount', stepCount, 0);
    Object.assign(this.options, options);
    this.baseLrs = [...baseLrs];
    this.lastEpoch = lastEpoch;
    this.#stepCount = stepCount;
    this.#lastLr = [...lastLr];
  }
}
