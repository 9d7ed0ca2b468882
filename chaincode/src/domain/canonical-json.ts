// TODO(reshape): remove once the gateway imports the barrel
/** Temporary re-export of `shared/canonical-json` at its old deep-import path (the gateway imports it from dist). */
export * from './shared/canonical-json';
