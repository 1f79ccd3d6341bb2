// NormLayer: the `(channels) => Module` factory a model builder calls for each of its norm sites (torchvision's
// `norm_layer`); @bn/patch's `normLayers` make such factories and @bn/models' builders take one.
import type { Module } from './module.js';

/** Makes the norm layer of a block with `channels` channels. */
export type NormLayer<M extends Module = Module> = (channels: number) => M;
