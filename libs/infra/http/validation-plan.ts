import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

/**
 * A class's class-validator rules, looked up once and kept as a list of checks to run directly.
 * class-validator finds a class's rules again on every call by walking every class it knows (an
 * `instanceof` per class, hundreds here) and builds an error object per property even when all is
 * well: for a path parameter or a query of two fields that was most of a GET's validation cost.
 *
 * The plan only answers "is this instance valid?". It runs the very checks and conditions the
 * decorators registered (IsOptional's condition, IsString, Matches, IsInt, Min, Max, Length, IsIn …)
 * with the same arguments, so a value it passes is one class-validator passes. Anything it does
 * not handle exactly (groups, `each`, nested objects, IsDefined, asynchronous checks) makes the
 * class ineligible, and a value it fails goes to class-validator itself, which writes the errors.
 */
interface Check {
  readonly property: string;
  readonly constraints: unknown[];
  readonly validator: ValidatorConstraintInterface;
}

interface PropertyPlan {
  readonly property: string;
  readonly conditions: readonly ((object: object, value: unknown) => boolean)[];
  readonly checks: readonly Check[];
}

export interface ValidationPlan {
  /** Every property with a rule: any other own property is refused (whitelist). */
  readonly properties: ReadonlySet<string>;
  /** True when class-validator would find no error in `entity` (an instance of the class). */
  passes(entity: object): boolean;
  /**
   * Builds the instance class-transformer's `plainToInstance` would (without options) from a value
   * whose keys are all in `properties`, or answers undefined when class-transformer must: the class
   * has `@Expose` or `@Exclude`, or the value has fields and the class a `@Type`, a `@Transform`
   * or accessors. A value with no fields (a list's query string left empty, the usual case) has
   * nothing for those to act on, so it is a new instance either way.
   */
  readonly instantiate: (value: Readonly<Record<string, unknown>>) => object | undefined;
}

/** A DTO class, as Nest hands it to a pipe. */
type Metatype = new (...args: never[]) => unknown;

const plans = new Map<Metatype, ValidationPlan | null>();

/** The plan of `metatype`, or null when its rules need class-validator itself. */
export function validationPlan(metatype: Metatype): ValidationPlan | null {
  if (!plans.has(metatype)) plans.set(metatype, buildPlan(metatype));
  return plans.get(metatype) ?? null;
}

function buildPlan(metatype: Metatype): ValidationPlan | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(metatype, '', false, false, undefined);
  if (metadatas.length === 0) return null;
  const byProperty = new Map<string, { conditions: PropertyPlan['conditions'][number][]; checks: Check[] }>();
  for (const metadata of metadatas) {
    if (metadata.each || (metadata.groups?.length ?? 0) > 0 || metadata.always !== undefined || metadata.validateIf !== undefined) return null;
    const entry = byProperty.get(metadata.propertyName) ?? { conditions: [], checks: [] };
    byProperty.set(metadata.propertyName, entry);
    if (metadata.type === 'conditionalValidation') {
      entry.conditions.push(metadata.constraints[0] as PropertyPlan['conditions'][number]);
    } else if (metadata.type === 'customValidation' && metadata.constraintCls) {
      for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
        if (constraint.async) return null;
        entry.checks.push({ property: metadata.propertyName, constraints: metadata.constraints, validator: constraint.instance });
      }
    } else {
      return null;
    }
  }
  const properties: PropertyPlan[] = [...byProperty].map(([property, entry]) => ({ property, ...entry }));
  const names = [...byProperty.keys()];
  return {
    properties: new Set(names),
    passes: (entity) => properties.every((plan) => propertyPasses(metatype, entity as Record<string, unknown>, plan)),
    instantiate: instantiation(metatype, names),
  };
}

/**
 * How class-transformer would build an instance, where it would only copy the properties onto a
 * new one. A decorator of the class's own (`@Expose`, `@Exclude`, a strategy), on it or an
 * ancestor, can add or drop fields of any value; a property's `@Type` or `@Transform`, or a
 * property of the prototype chain (an accessor or method, which it skips), acts only on a value
 * that has that field.
 */
function instantiation(metatype: Metatype, names: readonly string[]): ValidationPlan['instantiate'] {
  const build = (value: Readonly<Record<string, unknown>>) => Object.assign(new (metatype as new () => object)(), value);
  const storage = defaultMetadataStorage;
  if (storage.getStrategy(metatype) !== 'none' || storage.getExposedMetadatas(metatype).length > 0 || storage.getExcludedMetadatas(metatype).length > 0) return () => undefined;
  const decorated = names.some((name) => storage.findTypeMetadata(metatype, name) !== undefined || storage.findTransformMetadatas(metatype, name, TransformationType.PLAIN_TO_CLASS).length > 0);
  if (decorated || names.some((name) => name in (metatype.prototype as object))) return (value) => (Object.keys(value).length === 0 ? build(value) : undefined);
  return build;
}

function propertyPasses(metatype: Metatype, entity: Record<string, unknown>, plan: PropertyPlan): boolean {
  const value = entity[plan.property];
  if (!plan.conditions.every((condition) => condition(entity, value))) return true;
  return plan.checks.every((check) => {
    const args: ValidationArguments = { targetName: metatype.name, property: check.property, object: entity, value, constraints: check.constraints };
    // A check that answers with a promise is not one this plan can judge here; class-validator will.
    return check.validator.validate(value, args) === true;
  });
}
