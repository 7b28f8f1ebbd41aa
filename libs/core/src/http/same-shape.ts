type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * `true` when A and B are the same type (the same fields, optionality, nullability and nested shapes;
 * an interface and a class with the same members count as the same): `const _documented:
 * SameShape<ServiceAnswer, DocumentedView> = true;` fails to compile when a service's answer and the
 * class the OpenAPI document publishes for it drift apart, in either direction.
 */
export type SameShape<A, B> = (<T>() => T extends Simplify<A> ? 1 : 2) extends <T>() => T extends Simplify<B> ? 1 : 2 ? true : false;
