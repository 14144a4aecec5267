/** Nest injection tokens for the runtime objects built before Nest starts (see runtime.ts). */
export const CONFIG = Symbol('CONFIG');
export const POOL = Symbol('POOL');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CLOCK = Symbol('CLOCK');
export const LOGGER = Symbol('LOGGER');
/** The names of every read model the worker keeps: what a GET waits for when it names none. */
export const READ_MODEL_NAMES = Symbol('READ_MODEL_NAMES');
