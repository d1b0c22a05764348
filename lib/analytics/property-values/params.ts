import { z } from "zod";
import { checkRange, eventNameSchema, instantSchema } from "../common";
import { propertyNameSchema } from "../properties";

/** The most frequent values of a property: the suggestions of a filter's value field. */
export const propertyValuesParamsSchema = z
  .strictObject({
    kind: z.literal("property_values"),
    property: propertyNameSchema,
    /** Only this event's values (event properties and columns). */
    event: eventNameSchema.optional(),
    from: instantSchema,
    to: instantSchema,
    limit: z.number().int().min(1).max(100).default(20),
  })
  .superRefine(checkRange(92));

export type PropertyValuesParams = z.infer<typeof propertyValuesParamsSchema>;
