/**
 * The site's security headers and CSRF protection, against the running product: a content
 * security policy on pages and on the SVG badge, framing refused except for the embed route, the
 * site's state-changing requests from another origin refused, and /v1/* answered as the API
 * answers (a form body is 415 in the API's error shape, never the site's CSRF page).
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

  it("the SVG badge may run no script and load nothing", async () => {
    const badge = await fetch(`${site.base}/p/social-selling/badge/${encodeURIComponent(site.sellerId)}.svg`);
    expect(badge.status).toBe(200);
    expect(badge.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
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

  it("refuses a state-changing request from another origin whatever its body, a body-less one too", async () => {
    const res = await fetch(`${site.base}/console/login`, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    const json = await fetch(`${site.base}/console/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(403);
  });
});

describe("/v1 through the site", () => {
  /** The API's one error shape, as test/worker/checks.ts checks it. */
  async function expectApiError(res: Response, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: unknown };
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error).toMatchObject({ code, message: expect.any(String) });
  }

  it("answers a form or text body with the API's 415, from any origin", async () => {
    for (const origin of ["https://evil.example", site.base, undefined]) {
      for (const [type, body] of [
        ["application/x-www-form-urlencoded", "email=a%40b.test&password=x"],
        ["text/plain", '{"email":"a@b.test","password":"x"}'],
        ["multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.test\r\n--x--\r\n'],
      ]) {
        const res = await fetch(`${site.base}/v1/sessions`, { method: "POST", headers: { "Content-Type": type, ...(origin ? { Origin: origin } : {}) }, body });
        await expectApiError(res, 415, "unsupported_media_type");
      }
    }
    const events = await fetch(`${site.base}/v1/programs/social-selling/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${site.ingestKey}`, "Content-Type": "text/plain", Origin: "https://evil.example" },
      body: "{}",
    });
    await expectApiError(events, 415, "unsupported_media_type");
    expect(events.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
