/** A rendered PNG as a response. */
export const pngResponse = (png: Uint8Array, caching: string) =>
  new Response(png as BodyInit, { headers: { "Content-Type": "image/png", "Content-Length": String(png.length), "Cache-Control": caching } });
