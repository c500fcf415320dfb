import { env } from "cloudflare:workers";
import { expect, it } from "vitest";

it("reaches the local webhook receiver from inside workerd", async () => {
  await fetch(`${env.RECEIVER_URL}/hook/smoke`, { method: "POST", body: "hello" });
  const recorded = await (await fetch(`${env.RECEIVER_URL}/control/smoke`)).json();
  expect(recorded).toEqual([expect.objectContaining({ body: "hello" })]);
});
