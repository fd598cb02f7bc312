/** The FSRS optimizer's pure part: log → training items, evaluation, synthetic learners and the retention simulator. */
export * from './training-items';
export * from './evaluate';
export * from './simulate';
export * from './random';
export * from './synthetic';
