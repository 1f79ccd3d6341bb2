// Test helpers shared by the @bn packages (private, never published): PyTorch fixture tensors and tolerant
// comparison of tensors, sample moments of random draws.

export { expectClose, maxAbsDiff } from './close.js';
export { decodeTensor, type EncodedTensor, readJson } from './fixtures.js';
export { moments } from './stats.js';
