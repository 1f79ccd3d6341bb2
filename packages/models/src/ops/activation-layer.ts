// ActivationLayer: the factory torchvision passes around as `activation_layer` (`nn.ReLU`, `nn.SiLU`), called with
// `{ inplace }` where torchvision calls `activation_layer(inplace=True)` and with `{}` where it calls it bare.
import { type InplaceOptions, type Module, ReLU } from '@bn/nn';

/** Makes an activation module; `options.inplace` is set where torchvision asks for an in-place one. */
export type ActivationLayer = (options: InplaceOptions) => Module;

/** torchvision's default activation, `nn.ReLU`. */
export const relu: ActivationLayer = (options) => new ReLU(options);
