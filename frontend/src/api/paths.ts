// The API's paths, checked against its OpenAPI schema (schema.d.ts): a path, or a method on it,
// that the schema does not have does not compile, so an endpoint moved on the server breaks the
// build rather than the page.
import type { paths } from './schema';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The schema's paths that answer `method`. */
type PathFor<M extends Method> = {
  [P in keyof paths]: paths[P][Lowercase<M>] extends undefined ? never : P;
}[keyof paths];

/** The names in braces in a path template: '/a/{id}/b/{n}/' gives 'id' | 'n'. */
type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** A value for each of the template's parameters, or nothing when it has none. */
type Params<P extends string> = [ParamNames<P>] extends [never] ? [] : [Record<ParamNames<P>, string | number>];

/** `method` and the path `template` with its {parameters} filled in (URL-encoded), for request(). */
export function route<M extends Method, P extends PathFor<M>>(method: M, template: P, ...[params]: Params<P>): [M, string] {
  const values: Record<string, string | number> = params ?? {};
  return [method, template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])))];
}

/** The path of a GET: a link's href, or a list for allPages(). */
export function getPath<P extends PathFor<'GET'>>(template: P, ...params: Params<P>): string {
  return route('GET', template, ...params)[1];
}
