// The demo's settings (model, B groups of N images of size x size, seed), their defaults and their checks, shared
// by the terminal (flags) and the web page (URL query).
import { getModelBuilder, listModels } from '@bn/models';

export interface DemoConfig {
  /** A @bn/models builder name (`resnet18`, `regnetY400mf`, torchvision's spelling too). */
  model: string;
  /** B: how many independent groups vmap maps over. */
  batch: number;
  /** N: images per group (the batch each BatchNorm sees). */
  group: number;
  /** Image height and width (CIFAR: 32). */
  size: number;
  seed: number;
}

export const DEFAULT_CONFIG: DemoConfig = { model: 'resnet18', batch: 4, group: 8, size: 32, seed: 0 };

/** What each setting accepts, for help texts and errors. */
export const CONFIG_LIMITS = {
  batch: { min: 1, max: 64 },
  group: { min: 2, max: 64 },
  size: { min: 32, max: 224 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER },
} as const;

/** The model names the demo accepts (every @bn/models builder). */
export function modelNames(): string[] {
  return listModels();
}

/** The settings given as text: command-line flags or URL query parameters; absent ones keep their default. */
export type ConfigText = Partial<Record<keyof DemoConfig, string>>;

/**
 * The config that `text` describes and its problems (empty when valid), each naming the setting as
 * `${prefix}${name}` (`--batch` for a flag, `batch` for a query parameter), what it accepts and what came.
 * N >= 2: BatchNorm in training needs more than one value per channel.
 */
export function readConfig(text: ConfigText, prefix: string): { config: DemoConfig; problems: string[] } {
  const config: DemoConfig = { ...DEFAULT_CONFIG, model: text.model ?? DEFAULT_CONFIG.model };
  const problems: string[] = [];
  try {
    getModelBuilder(config.model);
  } catch {
    problems.push(`${prefix}model: expected one of ${modelNames().join(', ')}, but got '${config.model}'`);
  }
  problems.push(...readIntegers(text, CONFIG_LIMITS, config, (key) => prefix + key));
  return { config, problems };
}

/** An integer setting's accepted range. */
export type Limits = Readonly<Record<string, { readonly min: number; readonly max: number }>>;

/**
 * Reads each integer setting of `limits` given in `text` into `into` and returns the problems: a value that is not
 * an integer in its range, named as `name` spells it (`--batch`, `batch`), with what it accepts and what came.
 */
export function readIntegers<L extends Limits>(
  text: Partial<Record<string, string>>,
  limits: L,
  into: Record<keyof L, number>,
  name: (key: string) => string,
): string[] {
  const problems: string[] = [];
  for (const [key, { min, max }] of Object.entries(limits)) {
    const raw = text[key];
    if (raw === undefined) continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= min && value <= max)) {
      problems.push(`${name(key)}: expected an integer from ${min} to ${max}, but got '${raw}'`);
    }
    into[key as keyof L] = value;
  }
  return problems;
}
