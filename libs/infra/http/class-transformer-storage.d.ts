/**
 * class-transformer keeps its decorators' metadata in one storage object, which its package
 * types under `types/` but ships under `cjs/`; the validation plan asks it whether a DTO class
 * has any transformation at all (validation-plan.ts).
 */
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
