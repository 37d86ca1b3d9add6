/**
 * The routes of the app by path pattern, so that a request for an existing path with the wrong
 * method is answered 405 METHOD_NOT_ALLOWED (with Allow) rather than 404. Fed by an onRoute hook.
 */
export class RouteIndex {
  private readonly patterns = new Map<string, { re: RegExp; methods: Set<string> }>();

  add(url: string, methods: string | string[]): void {
    let entry = this.patterns.get(url);
    if (!entry) {
      entry = { re: patternToRegExp(url), methods: new Set() };
      this.patterns.set(url, entry);
    }
    for (const m of Array.isArray(methods) ? methods : [methods]) entry.methods.add(m.toUpperCase());
  }

  /** Every route: its path pattern and methods (tests walk them). */
  routes(): { url: string; methods: string[] }[] {
    return [...this.patterns].map(([url, e]) => ({ url, methods: [...e.methods].sort() }));
  }

  /** Methods served on this path (empty when no route matches it). */
  methodsFor(path: string): string[] {
    const found = new Set<string>();
    for (const { re, methods } of this.patterns.values())
      if (re.test(path)) for (const m of methods) found.add(m);
    return [...found].sort();
  }
}

function patternToRegExp(url: string): RegExp {
  const parts = url.split("/").map((seg) => {
    if (seg === "*") return ".*";
    if (seg.startsWith(":")) return "[^/]+";
    return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  return new RegExp(`^${parts.join("/")}/?$`);
}
