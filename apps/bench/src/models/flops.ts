// FLOPs of one forward pass as tools/golden/models_architectures.py counts torchvision's (forward hooks, 2 per
// multiply-add): every Conv2d and Linear, found by wrapping those modules' forward for one call.
import { Conv2d, Linear, type Module } from '@bn/nn';
import type { Tensor } from '@bn/tensor';

/** FLOPs of the module that produced `out`: 2 * outputs * in/groups * kh * kw, or 2 * rows * in * out. */
function layerFlops(m: Conv2d | Linear, out: Tensor): number {
  if (m instanceof Conv2d)
    return 2 * out.numel() * (m.inChannels / m.groups) * m.kernelSize[0] * m.kernelSize[1];
  return 2 * (out.numel() / m.outFeatures) * m.inFeatures * m.outFeatures;
}

/** The FLOPs of `model.forward(x)` (convolutions and linear layers; norms, activations and pools are not counted). */
export function countFlops(model: Module, x: Tensor): number {
  let flops = 0;
  const layers = model.modules().filter((m) => m instanceof Conv2d || m instanceof Linear);
  const forwards = layers.map((m) => m.forward);
  layers.forEach((m, k) => {
    m.forward = (input: Tensor) => {
      const out = forwards[k]!(input);
      flops += layerFlops(m, out);
      return out;
    };
  });
  try {
    model.forward(x);
  } finally {
    layers.forEach((m, k) => {
      m.forward = forwards[k]!;
    });
  }
  return flops;
}
