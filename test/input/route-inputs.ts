import type { INestApplicationContext } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { routeGuarding, RouteGuarding } from '@mtl/testing';

/** What a DTO property accepts, as its class-validator decorators say. */
export interface FieldRules {
  name: string;
  /** Constraint names: isString, isEmail, isInt, isIn, matches, maxLength, isOptional… */
  rules: Set<string>;
  /** The largest length a string of it may have, when a maxLength or length rule bounds it. */
  maxLength?: number;
  /** The values of an isIn rule. */
  oneOf?: readonly unknown[];
  /** The patterns of its matches rules: a string must match every one. */
  patterns: RegExp[];
}

/** One route of an app with what it takes in: path parameters, and the DTOs of its body and query. */
export interface RouteInputs extends RouteGuarding {
  method: string;
  path: string;
  params: string[];
  body?: FieldRules[];
  query?: FieldRules[];
}

/**
 * Every route of the app from its route table (`routeGuarding`, the same walk the guard check
 * makes), with the fields of its `@Body()` and `@Query()` DTOs read from their class-validator
 * metadata: a new route or field is covered without editing a list.
 */
export function routeInputs(app: INestApplicationContext): RouteInputs[] {
  const handlers = new Map<string, { controller: object; name: string }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        handlers.set(`${controller.name}.${name}`, { controller, name });
      }
    }
  }
  return routeGuarding(app).map((guarding) => {
    const [method, path] = guarding.route.split(' ');
    const { controller, name } = handlers.get(guarding.handler)!;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
      string,
      { index: number; data?: unknown }
    >;
    const types = (Reflect.getMetadata('design:paramtypes', (controller as { prototype: object }).prototype, name) ??
      []) as unknown[];
    const dtoOf = (kind: RouteParamtypes): FieldRules[] | undefined => {
      const arg = Object.entries(args).find(
        ([key, value]) => key === `${kind}:${value.index}` && value.data === undefined,
      );
      const type = arg ? types[arg[1].index] : undefined;
      return typeof type === 'function' && type !== Object ? fieldsOf(type) : undefined;
    };
    // The pages' routes are written without a leading slash: normalise to /a/b.
    const normalised = path === '/' ? '/' : path;
    return {
      ...guarding,
      method,
      path: normalised,
      params: [...normalised.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]),
      body: dtoOf(RouteParamtypes.BODY),
      query: dtoOf(RouteParamtypes.QUERY),
    };
  });
}

function fieldsOf(dto: unknown): FieldRules[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto as () => void, '', true, false);
  const fields = new Map<string, FieldRules>();
  for (const m of metadata) {
    const field = fields.get(m.propertyName) ?? { name: m.propertyName, rules: new Set<string>(), patterns: [] };
    const rule = m.name ?? m.type;
    field.rules.add(rule);
    if (rule === 'maxLength') field.maxLength = Number(m.constraints[0]);
    if (rule === 'isLength' && m.constraints[1] !== undefined) field.maxLength = Number(m.constraints[1]);
    if (rule === 'isIn') field.oneOf = m.constraints[0] as unknown[];
    if (rule === 'matches' && m.constraints[0] instanceof RegExp) field.patterns.push(m.constraints[0]);
    fields.set(m.propertyName, field);
  }
  return [...fields.values()];
}
