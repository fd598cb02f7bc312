export * from './recall';
export * from './readiness';
export * from './quiz-selection';
export * from './quiz-result';
export * from './chapter-graph';
export * from './pacing';
