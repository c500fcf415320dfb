/**
 * A seller's private link (/s/<token>) switches who the visitor is only when they choose it: a
 * GET (which any site can make a browser do, with an image or a link) shows a page with one
 * button and sets nothing; the button's POST, from this origin only, keeps the token in a cookie.
 */
import { describe, expect, inject, it } from "vitest";

const site = inject("site");

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split("=")[0]);

/** A form post as a browser sends it (a browser asks for HTML; SvelteKit answers other clients' posts in JSON). */
const formPost = (path: string, origin: string) =>
  fetch(`${site.base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, Accept: "text/html", "Content-Type": "application/x-www-form-urlencoded" },
    body: "",
  });

describe("a private link", () => {
  it("a GET shows whose scorecard it opens and a button, and sets no cookie", async () => {
    const res = await fetch(`${site.base}/s/${site.sellerToken}`, { redirect: "manual" });
    expect(res.status).toBe(200);
    expect(cookiesOf(res)).not.toContain("lb_seller");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toMatch(/<form method="POST"/);
    expect(html).toMatch(/Open my scorecard/);
  });

  it("a POST from another site is refused and sets no cookie", async () => {
    const res = await formPost(`/s/${site.sellerToken}`, "https://evil.example");
    expect(res.status).toBe(403);
    expect(cookiesOf(res)).not.toContain("lb_seller");
  });

  it("the button's POST keeps the token in an httpOnly cookie and opens /me", async () => {
    const res = await formPost(`/s/${site.sellerToken}`, site.base);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/me");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("lb_seller="));
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it("a link that opens nothing says so, and its POST sets nothing", async () => {
    const res = await fetch(`${site.base}/s/lbp_not-a-token`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/does not open a scorecard/);
    const post = await formPost("/s/lbp_not-a-token", site.base);
    expect(post.status).toBe(303);
    expect(post.headers.get("location")).toBe("/me?link=invalid");
    expect(cookiesOf(post)).not.toContain("lb_seller");
  });
});
