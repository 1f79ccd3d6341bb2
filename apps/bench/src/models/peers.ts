// The implementations the models suite runs a Network on besides @bn: tfjs (wasm, cpu) on the network rebuilt from
// tfjs ops, onnxruntime-node (1 and 2 intra-op threads) on its ONNX export. Each prepares a runner for one batch.
import type { Impl } from '../harness/types.js';
import { onnxSession, runOnnx } from '../peers/onnx.js';
import { type TfjsBackend, tfjsImpl, useTfjs } from '../peers/tfjs.js';
import type { Network } from './layers.js';
import { ONNX_INPUT, onnxNetwork } from './onnx-network.js';
import { tfjsNetwork } from './tfjs-network.js';

export interface ModelRunner {
  /** The logits [N, classes] of the prepared batch, computed to completion. */
  run(): Float32Array | Promise<Float32Array>;
  dispose(): void | Promise<void>;
}

export interface ModelPeer {
  impl: Impl;
  threads: number;
  /** Outside quick mode, larger batches are skipped (plain-JS kernels take seconds per 224x224 image). */
  maxBatch?: number;
  /** A runner of `network` on `image` [N, 3, H, W] (NCHW, as @bn's input). */
  prepare(network: Network, image: Float32Array, shape: number[]): Promise<ModelRunner>;
}

/** tfjs on `backend`: the NHWC copy of the image is made once, outside the runs; a run ends with dataSync. */
function tfjsPeer(backend: TfjsBackend, maxBatch?: number): ModelPeer {
  return {
    impl: tfjsImpl(backend),
    threads: 1,
    maxBatch,
    async prepare(network, image, [n, c, h, w]) {
      const tf = await useTfjs(backend);
      const model = tfjsNetwork(network);
      const x = tf.tidy(() => tf.transpose(tf.tensor4d(image, [n!, c!, h!, w!]), [0, 2, 3, 1]));
      return {
        run: () => {
          const logits = tf.tidy(() => model.forward(x));
          const data = logits.dataSync() as Float32Array;
          logits.dispose();
          return data;
        },
        dispose: () => {
          model.dispose();
          x.dispose();
        },
      };
    },
  };
}

function onnxPeer(threads: number): ModelPeer {
  return {
    impl: 'onnxruntime-node',
    threads,
    async prepare(network, image, shape) {
      const session = await onnxSession(onnxNetwork(network, shape), threads);
      return {
        run: () => runOnnx(session, { [ONNX_INPUT]: { data: image, shape } }),
        dispose: () => session.release(),
      };
    },
  };
}

export const MODEL_PEERS: readonly ModelPeer[] = [
  tfjsPeer('wasm'),
  tfjsPeer('cpu', 1),
  onnxPeer(1),
  onnxPeer(2),
];
