export * from './currency';
export * from './money';
export * from './rounding';
export * from './format';
