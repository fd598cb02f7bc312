export * from './canonical';
export * from './check';
export * from './csv';
export * from './format';
export * from './merge';
export * from './notes-source';
export * from './replay';
export * from './snapshot-policy';
