export * from './calendar';
export * from './billing-period';
