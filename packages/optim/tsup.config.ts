// Build: the shared configuration of the published packages (../../tsup.config.base.ts).
export { default } from '../../tsup.config.base.ts';
