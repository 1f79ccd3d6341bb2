// Where in the model a builder is constructing, so a failing `normLayer` can name the layer it was making
// (`layer2.0.downsample.1`): each child is constructed inside `building(name, ...)`.
const path: string[] = [];

/** Runs `construct` with `name` appended to the construction path; returns its result. */
export function building<T>(name: string, construct: () => T): T {
  path.push(name);
  try {
    return construct();
  } finally {
    path.pop();
  }
}

/** The dotted path (a state-dict prefix) of the child `name` of the module under construction. */
export function constructionPath(name: string): string {
  return [...path, name].join('.');
}
