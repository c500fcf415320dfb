import { read } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const { programs } = await read<{ programs: { slug: string; name: string; timezone: string }[] }>(event, "/v1/public-programs");
  return { programs };
};
