import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  GraphQLType,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';

// The cost of an operation as it will run: graphql-armor's weights (objects 2, scalars 1, times 1.5 per
// level, a list times its `first`/`last`), with the page sizes it will really get. graphql-armor's rule
// (validation) sees only literals: `first: $n` or no `first` at all (the schema's default, 20) counted as
// one item, so the same costly query passed with its page size in a variable. This runs with the
// variables, before execution or subscription (graphql `execute`'s arguments). Types only from graphql:
// the module loads on the first GraphQL request (ADR 0034), so this reads the AST kinds by name.

type Field = GraphQLField<unknown, unknown>;

/** The fields of an object or interface type (none for a union or a leaf). */
function fieldsOf(type: GraphQLNamedType | undefined): Record<string, Field> {
  return type && 'getFields' in type ? (type.getFields() as Record<string, Field>) : {};
}

/** A list or non-null type's innermost named type. */
function namedType(type: GraphQLType): GraphQLNamedType {
  let inner = type;
  while ('ofType' in inner && inner.ofType) inner = inner.ofType as GraphQLType;
  return inner as GraphQLNamedType;
}

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;
const PAGE_ARGUMENTS = ['first', 'last'];

/** What {@link operationCost} needs of an execution: the schema, the document and the raw variables. */
export interface CostedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  variableValues?: Readonly<Record<string, unknown>> | null | undefined;
}

/** The cost of the operation `operationName` (or the only one) of a validated document. */
export function operationCost({ schema, document, operationName, variableValues }: CostedOperation): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
    else if (
      definition.kind === 'OperationDefinition' &&
      (!operationName || definition.name?.value === operationName)
    )
      operation ??= definition;
  }
  if (!operation) return 0;
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;
  const variables = variableValues ?? {};
  const defaults = new Map(
    (operation.variableDefinitions ?? []).map((d) => [d.variable.name.value, d.defaultValue]),
  );

  const numberOf = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined;
    if (value.kind === 'IntValue') return Number(value.value);
    if (value.kind === 'Variable') {
      const name = value.name.value;
      const given = Number(variables[name]);
      return name in variables && Number.isFinite(given) ? given : numberOf(defaults.get(name) ?? undefined);
    }
    return undefined;
  };
  /** How many items a list field will hold: its `first`/`last` as given, or as the schema defaults it. */
  const pageSize = (field: Field | undefined, node: FieldNode) => {
    for (const name of PAGE_ARGUMENTS) {
      const given = node.arguments?.find((arg) => arg.name.value === name);
      const size = given ? numberOf(given.value) : undefined;
      if (size !== undefined) return Math.max(size, 1);
      const fallback = field?.args.find((arg) => arg.name === name)?.defaultValue;
      if (!given && typeof fallback === 'number') return Math.max(fallback, 1);
    }
    return 1;
  };

  // Fragments count where they are spread, as if written there; validation has refused cycles.
  const selectionsCost = (
    set: SelectionSetNode,
    parent: GraphQLNamedType,
    seen: ReadonlySet<string>,
  ): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === 'Field') {
        const field = fieldsOf(parent)[selection.name.value];
        if (!selection.selectionSet) {
          cost += SCALAR_COST;
          continue;
        }
        const children = field ? selectionsCost(selection.selectionSet, namedType(field.type), seen) : 0;
        cost += (OBJECT_COST + DEPTH_FACTOR * children) * pageSize(field, selection);
      } else if (selection.kind === 'InlineFragment') {
        const named = selection.typeCondition && schema.getType(selection.typeCondition.name.value);
        cost += selectionsCost(selection.selectionSet, named || parent, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const named = schema.getType(fragment.typeCondition.name.value);
        cost += selectionsCost(
          fragment.selectionSet,
          named ?? parent,
          new Set([...seen, fragment.name.value]),
        );
      }
    }
    return cost;
  };
  return selectionsCost(operation.selectionSet, root, new Set());
}
