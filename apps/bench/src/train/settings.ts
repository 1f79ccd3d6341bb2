// The train suite's sizes and hyper-parameters, as tools/bench/train_torch.py has them (FULL, QUICK, LR, ...), so the
// case names match its rows. The hyper-parameters change no timing; they are fixed so every implementation computes
// the same step.

export interface TrainSettings {
  /** Images per step (per member in the ensemble), MNIST-shaped: 1 x size x size. */
  batch: number;
  size: number;
  /** Ensemble members, trained under one vmap or one after another. */
  members: number;
}

export const FULL: TrainSettings = { batch: 64, size: 28, members: 4 };
export const QUICK: TrainSettings = { batch: 4, size: 12, members: 2 };

/** SGD's learning rate. */
export const LR = 0.01;
/** The ensemble's SGD momentum (torch.optim.SGD's buffer, dampening 0): optimizer state to stack under vmap. */
export const MOMENTUM = 0.9;
/** DP-SGD: each sample's gradient clipped to this norm (C), over all parameters together. */
export const MAX_GRAD_NORM = 1;
/** DP-SGD: the noise's std is NOISE_MULTIPLIER * C (sigma). */
export const NOISE_MULTIPLIER = 1;
/** Opacus's guard in the clipping factor C / (norm + eps). */
export const CLIP_EPS = 1e-6;

/** The case names: `<simplecnn> sgd step`, `<simplecnn> dp-sgd step`, `<ensemble> vmap|loop|loop/vmap`. */
export const caseNames = ({ batch, size, members }: TrainSettings) => ({
  simpleCnn: `simplecnn ${size} B=${batch}`,
  ensemble: `ensemble K=${members} simplecnn-bn ${size} B=${batch}`,
});
