// Replays tools/golden/views.py: every view op and the copies, through the Tensor methods.
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  view: ([x], p) => x!.view(p.shape),
  reshape: ([x], p) => x!.reshape(p.shape),
  permute: ([x], p) => x!.permute(p.dims),
  transpose: ([x], p) => x!.transpose(p.dim0, p.dim1),
  t: ([x]) => x!.t(),
  movedim: ([x], p) => x!.movedim(p.source, p.destination),
  expand: ([x], p) => x!.expand(p.shape),
  expand_as: ([x, other]) => x!.expandAs(other!),
  select: ([x], p) => x!.select(p.dim, p.index),
  narrow: ([x], p) => x!.narrow(p.dim, p.start, p.length),
  slice: ([x], p) => x!.slice(p.dim, p.start, p.end, p.step),
  unsqueeze: ([x], p) => x!.unsqueeze(p.dim),
  squeeze: ([x], p) => x!.squeeze(p.dim ?? undefined),
  flatten: ([x], p) => x!.flatten(p.startDim, p.endDim),
  unflatten: ([x], p) => x!.unflatten(p.dim, p.sizes),
  split: ([x], p) => x!.split(p.split, p.dim),
  chunk: ([x], p) => x!.chunk(p.chunks, p.dim),
  contiguous: ([x]) => x!.contiguous(),
  clone: ([x]) => x!.clone(),
  detach: ([x]) => x!.detach(),
};
