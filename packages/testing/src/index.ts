// Test helpers shared by the @bn packages (private, never published): PyTorch fixture tensors and tolerant
// comparison of tensors.

export { expectClose, maxAbsDiff } from './close.js';
export { decodeTensor, type EncodedTensor, readJson } from './fixtures.js';
