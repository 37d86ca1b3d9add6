import { type ComponentType, lazy } from "react";

/**
 * A page loaded when it is first shown: its module becomes a chunk of its own (vite), fetched
 * when its URL is opened, so the first render loads only the shell and that page. The component
 * keeps the page's own props; the shell shows it inside a Suspense (App.tsx).
 */
// biome-ignore lint/suspicious/noExplicitAny: any page component, whatever its props
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): M[K] {
  return lazy(async () => ({ default: (await load())[name] })) as unknown as M[K];
}
