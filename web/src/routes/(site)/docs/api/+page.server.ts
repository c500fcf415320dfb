import { ERROR_CODES, ERROR_MEANING, ERROR_STATUS } from "$errors";
import { read } from "$lib/server/api";
import type { OpenApiDocument } from "$lib/server/openapi/document";
import { prose } from "$lib/server/openapi/prose";
import { reference } from "$lib/server/openapi/reference";
import type { PageServerLoad } from "./$types";

/** The API's own OpenAPI document, as the reference shows it; the error codes from the API's one list. */
export const load: PageServerLoad = async (event) => {
  const document = await read<OpenApiDocument>(event, "/v1/openapi.json");
  return {
    reference: reference(document),
    errors: ERROR_CODES.map((code) => ({ code, status: ERROR_STATUS[code], meaning: prose(ERROR_MEANING[code]) })),
  };
};
