import type { Page } from '@playwright/test';
import { expect } from './sessions.js';

/**
 * Setting up a browser test through the API, as the signed-in page (its cookie): a query or a
 * mutation that must succeed, its data returned. The screens under test are then driven by hand.
 */
type Json = ReturnType<typeof JSON.parse>;

export async function trpcGet<T = Json>(page: Page, name: string, input?: unknown): Promise<T> {
  const url =
    input === undefined ? `/trpc/${name}` : `/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await page.request.get(url);
  expect(response.status(), `${name}: ${await response.text()}`).toBe(200);
  return (await response.json()).result.data as T;
}

export async function trpcPost<T = Json>(page: Page, name: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/trpc/${name}`, { data: input });
  expect(response.status(), `${name}: ${await response.text()}`).toBe(200);
  return (await response.json()).result.data as T;
}
