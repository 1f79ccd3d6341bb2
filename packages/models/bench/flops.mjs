// FLOPs of one forward pass, counted as fvcore/torchvision do for the model zoo's figures but as 2 per
// multiply-add: every Conv2d (2 * output elements * in/groups * kh * kw) and Linear (2 * in * out per row), found
// by wrapping those modules' forward for one call, as a forward hook would.
import { Conv2d, Linear } from '@bn/nn';

/** The FLOPs of `model.forward(x)` (convolutions and linear layers; norms, activations and pools are not counted). */
export function countFlops(model, x) {
  let flops = 0;
  const wrapped = [];
  for (const m of model.modules()) {
    if (!(m instanceof Conv2d) && !(m instanceof Linear)) continue;
    const forward = m.forward;
    wrapped.push([m, forward]);
    m.forward = (input) => {
      const out = forward(input);
      flops +=
        m instanceof Conv2d
          ? 2 * out.numel() * (m.inChannels / m.groups) * m.kernelSize[0] * m.kernelSize[1]
          : 2 * (out.numel() / m.outFeatures) * m.inFeatures * m.outFeatures;
      return out;
    };
  }
  try {
    model.forward(x);
  } finally {
    for (const [m, forward] of wrapped) m.forward = forward;
  }
  return flops;
}
