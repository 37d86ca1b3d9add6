import { Alert, Card, Descriptions, type FormInstance, Spin } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import { ApiError, api } from "../api.ts";
import { useErrorText } from "../i18n.ts";

/** Loads one API resource for a page; re-loads when `path` (or `version`) changes. */
export function useResource<T>(path: string | null, version = 0, fetcher = api) {
  const errorText = useErrorText();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` asks for a reload of the same path
  useEffect(() => {
    if (!path) return;
    let live = true;
    setError(null);
    fetcher<T>(path).then(
      (d) => live && setData(d),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [path, version, errorText, fetcher]);
  return { data, error };
}

/** A page's frame: its title, the error if the load failed, a spinner until it arrives. */
export function Loaded({
  error,
  ready,
  children,
}: {
  error: string | null;
  ready: boolean;
  children: () => ReactNode;
}) {
  if (error) return <Alert type="error" title={error} />;
  if (!ready) return <Spin />;
  return <>{children()}</>;
}

export function Facts({ title, items }: { title?: ReactNode; items: [ReactNode, ReactNode][] }) {
  return (
    <Card title={title} size="small" style={{ marginBottom: 16 }}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 3 }}
        items={items.map(([label, children], i) => ({ key: String(i), label, children }))}
      />
    </Card>
  );
}

/**
 * A server refusal that names one of the form's fields (`details.field`) is shown on that field,
 * in the chosen language; answers false for any other (the caller shows it above the form).
 */
export function showOnField(
  form: FormInstance,
  e: unknown,
  errorText: (e: unknown) => string,
  fields: readonly string[],
): boolean {
  const field = e instanceof ApiError ? String(e.details.field ?? "") : "";
  if (!fields.includes(field)) return false;
  form.setFields([{ name: field.split("."), errors: [errorText(e)] }]); // a.b.c: the form's path
  return true;
}

/**
 * A form rule from a core check (it throws a YibaoError naming the field): the check's refusal in
 * the chosen language, the same text the server would answer.
 */
export const coreRule =
  (check: (value: string) => unknown, errorText: (e: unknown) => string) =>
  async (_: unknown, value: string | undefined) => {
    if (!value) return;
    try {
      check(value);
    } catch (e) {
      throw new Error(errorText(e));
    }
  };
