export * from './coupon-terms';
export * from './coupon.events';
export * from './coupon.decider';
