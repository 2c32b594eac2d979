import type { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schemas for zod schemas whose own conversion says too little: a query parameter read from text
 * through a transform (a time zone, a local date, an id of 64 bits), or a value of a fixed textual form (an
 * instant). z.toJSONSchema calls `override` for every schema it meets; a schema listed here is replaced.
 */
const fixedSchemas = new Map<z.ZodType, JsonSchema>();

export function withJsonSchema<Schema extends z.ZodType>(schema: Schema, json: JsonSchema): Schema {
  fixedSchemas.set(schema, json);
  return schema;
}

export function fixedJsonSchema(schema: z.ZodType): JsonSchema | undefined {
  return fixedSchemas.get(schema);
}

/** Replaces what zod made of a listed schema, keeping a default or description zod found around it. */
export function overrideFixed(context: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  const fixed = fixedSchemas.get(context.zodSchema as z.ZodType);
  if (!fixed) return;
  const { default: fallback, description } = context.jsonSchema;
  for (const key of Object.keys(context.jsonSchema)) delete context.jsonSchema[key];
  Object.assign(context.jsonSchema, fixed);
  if (fallback !== undefined) context.jsonSchema.default = fallback;
  if (description !== undefined && fixed.description === undefined) {
    context.jsonSchema.description = description;
  }
}

/** A bigint id, written in JSON as its exact number. */
export const int64 = { type: 'integer', format: 'int64' } as const;
