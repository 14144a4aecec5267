export * from './billing-account.commands';
export * from './billing-account.events';
export * from './billing-account.state';
export * from './billing-account.decider';
export * from './billing-context';
export * from './account-view';
export * from './mrr';
export { dueWorkOf, type DueWork } from './due-work';
