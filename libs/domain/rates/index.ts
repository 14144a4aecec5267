export * from './rates.events';
export * from './rate-books';
export * from './rates.decider';
