// Calls a builder's `normLayer` for one norm site and checks what it made: a Module for that many channels. Every
// error names the layer path and the channel count, so `(c) => new GroupNorm(32, c)` on 48 channels says where.
import { BatchNorm2d, GroupNorm, Module, moduleName, NormBase, type NormLayer } from '@bn/nn';
import { ArgumentTypeError, describeValue, ValueError } from '@bn/tensor';
import { constructionPath } from './construction-path.js';

/** torchvision's default `norm_layer`, `nn.BatchNorm2d`. */
export const batchNorm2d: NormLayer = (channels) => new BatchNorm2d(channels);

/** The channel count a norm module was made for, when its class says (BatchNorm*, InstanceNorm*, GroupNorm). */
function channelsOf(m: Module): number | undefined {
  if (m instanceof NormBase) return m.numFeatures;
  if (m instanceof GroupNorm) return m.numChannels;
  return undefined;
}

/** `normLayer(channels)` for the child `name` of the module under construction. */
export function makeNorm(normLayer: NormLayer, channels: number, name: string): Module {
  const where = `${constructionPath(name)} (${channels} channels)`;
  let norm: unknown;
  try {
    norm = normLayer(channels);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ValueError(`normLayer could not make the norm layer of ${where}: ${reason}`, { cause: e });
  }
  if (!(norm instanceof Module)) {
    throw new ArgumentTypeError(
      `normLayer must return a Module, but for ${where} it returned ${describeValue(norm)}`,
    );
  }
  const made = channelsOf(norm);
  if (made !== undefined && made !== channels) {
    throw new ValueError(
      `normLayer returned ${moduleName(norm.constructor)} for ${made} channels as the norm layer of ${where}`,
    );
  }
  return norm;
}
