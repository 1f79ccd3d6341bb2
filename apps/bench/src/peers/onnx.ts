// onnxruntime-node as a peer, fed ONNX graphs the bench builds itself with onnx-proto (no exporter, no file): a
// small graph builder (initialisers, nodes with attributes, float inputs/outputs) and sessions with a thread count.
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';

const { onnx } = onnxProto;

export interface OnnxAttribute {
  name: string;
  ints?: number[];
  i?: number;
  f?: number;
}

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
}

export interface OnnxGraph {
  /** Float inputs fed at run time, with their shapes. */
  inputs: { name: string; shape: number[] }[];
  outputs: { name: string; shape: number[] }[];
  /** Constant float tensors (weights). */
  initializers?: { name: string; shape: number[]; data: Float32Array }[];
  nodes: OnnxNode[];
}

function valueInfo({ name, shape }: { name: string; shape: number[] }) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((dimValue) => ({ dimValue })) },
      },
    },
  });
}

function attribute({ name, ints, i, f }: OnnxAttribute) {
  const { AttributeType } = onnx.AttributeProto;
  if (ints !== undefined) return onnx.AttributeProto.create({ name, ints, type: AttributeType.INTS });
  if (i !== undefined) return onnx.AttributeProto.create({ name, i, type: AttributeType.INT });
  return onnx.AttributeProto.create({ name, f: f ?? 0, type: AttributeType.FLOAT });
}

/** The serialized ONNX model (opset 13) of `graph`. */
export function onnxModel(graph: OnnxGraph): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: '@bn/bench',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'bench',
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
      initializer: (graph.initializers ?? []).map(({ name, shape, data }) =>
        onnx.TensorProto.create({
          name,
          dims: shape,
          dataType: onnx.TensorProto.DataType.FLOAT,
          rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        }),
      ),
      node: graph.nodes.map(({ op, inputs, outputs, attributes = [] }, k) =>
        onnx.NodeProto.create({
          opType: op,
          name: `${op}_${k}`,
          input: inputs,
          output: outputs,
          attribute: attributes.map(attribute),
        }),
      ),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** An inference session on `bytes` with `threads` intra-op threads (and no inter-op parallelism). */
export function onnxSession(bytes: Uint8Array, threads: number): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

/** Runs `session` on float inputs; returns the first output's data. */
export async function runOnnx(
  session: ort.InferenceSession,
  feeds: Record<string, { data: Float32Array; shape: number[] }>,
): Promise<Float32Array> {
  const tensors = Object.fromEntries(
    Object.entries(feeds).map(([name, { data, shape }]) => [name, new ort.Tensor('float32', data, shape)]),
  );
  const out = await session.run(tensors);
  return out[session.outputNames[0]!]!.data as Float32Array;
}
