// Test helpers shared by the @bn packages (private, never published): PyTorch fixture tensors and tolerant
// comparison of tensors, sample moments of random draws, snapshots of tensors that must stay unchanged, fast-check
// arbitraries of shapes and dims for property tests, the module names a package's classes declare.

export { broadcastShapes, dim, dimList, type Shape, shape } from './arbitraries.js';
export { expectClose, maxAbsDiff } from './close.js';
export { decodeTensor, type EncodedTensor, readJson } from './fixtures.js';
export { declaredModuleNames } from './module-names.js';
export { moments } from './stats.js';
export { expectTensorsUnchanged, snapshotTensors, type TensorSnapshot } from './unchanged.js';
