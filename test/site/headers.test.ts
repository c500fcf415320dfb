/**
 * The site's security headers and CSRF protection, against the running product: a content
 * security policy on pages, framing refused except for the embed route, and form posts from
 * another origin refused.
 */
import { describe, expect, inject, it } from "vitest";

const site = inject("site");

describe("security headers", () => {
  it("sends a content security policy that allows scripts only from this origin", async () => {
    const res = await fetch(`${site.base}/p/social-selling`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses framing everywhere but the embed route", async () => {
    expect((await fetch(`${site.base}/p/social-selling`)).headers.get("x-frame-options")).toBe("DENY");
    expect((await fetch(`${site.base}/console/login`)).headers.get("x-frame-options")).toBe("DENY");
    const embed = await fetch(`${site.base}/p/social-selling/embed`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get("x-frame-options")).toBeNull();
  });
});

describe("CSRF", () => {
  it("refuses a console form posted from another origin", async () => {
    const res = await fetch(`${site.base}/console/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: "email=manager%40demo.leadboard.test&password=whatever",
    });
    expect(res.status).toBe(403);
  });
});
