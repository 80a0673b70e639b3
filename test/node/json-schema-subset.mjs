// The JSON Schema keywords the project's content schemas use, checked without a schema
// library (none is a dependency): type, properties, required, additionalProperties (false
// or a schema), items, minItems, enum, const, pattern, minLength, minimum,
// exclusiveMinimum, oneOf, $ref to #/$defs. Shared by the decision-aid and care-reminder content tests.

/**
 * Checks `value` against `node` of `schema`; returns the error paths (empty when valid).
 * @param {object} schema the whole schema (for $ref)
 * @param {object} node the schema node to check against
 * @param {unknown} value
 */
export function checkSchema(schema, node, value, path = '$', errors = []) {
  if (node.$ref) return checkSchema(schema, schema.$defs[node.$ref.replace('#/$defs/', '')], value, path, errors);
  if (node.oneOf) {
    const passing = node.oneOf.filter((option) => checkSchema(schema, option, value, path, []).length === 0);
    if (passing.length !== 1) errors.push(`${path}: matches ${passing.length} of the oneOf shapes`);
    return errors;
  }
  if ('const' in node && value !== node.const) errors.push(`${path}: must be ${JSON.stringify(node.const)}`);
  if (node.enum && !node.enum.includes(value)) errors.push(`${path}: not one of ${node.enum}`);
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (node.type && !(node.type === type || (node.type === 'number' && type === 'integer'))) {
    errors.push(`${path}: must be ${node.type}, is ${type}`);
    return errors;
  }
  if (typeof value === 'string') {
    if (node.minLength !== undefined && value.length < node.minLength) errors.push(`${path}: too short`);
    if (node.pattern && !new RegExp(node.pattern, 'u').test(value)) errors.push(`${path}: does not match ${node.pattern}`);
  }
  if (typeof value === 'number') {
    if (node.minimum !== undefined && value < node.minimum) errors.push(`${path}: below ${node.minimum}`);
    if (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum) errors.push(`${path}: not above ${node.exclusiveMinimum}`);
  }
  if (Array.isArray(value)) {
    if (node.minItems !== undefined && value.length < node.minItems) errors.push(`${path}: fewer than ${node.minItems} items`);
    if (node.items) value.forEach((item, i) => checkSchema(schema, node.items, item, `${path}[${i}]`, errors));
  }
  if (type === 'object') {
    for (const key of node.required ?? []) if (!(key in value)) errors.push(`${path}.${key}: required`);
    for (const [key, item] of Object.entries(value)) {
      if (node.properties?.[key]) checkSchema(schema, node.properties[key], item, `${path}.${key}`, errors);
      else if (node.additionalProperties === false) errors.push(`${path}.${key}: not allowed`);
      else if (typeof node.additionalProperties === 'object') checkSchema(schema, node.additionalProperties, item, `${path}.${key}`, errors);
    }
  }
  return errors;
}
