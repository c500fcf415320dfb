import { enc, read } from "$lib/server/api";
import type { ParticipantPage } from "$lib/types";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const { doc } = await event.parent();
  const team = event.url.searchParams.get("team");
  const { participants } = await read<ParticipantPage>(event, `/v1/programs/${enc(event.params.program)}/participants?limit=1000`, "manager");
  // A team is its subtree, as everywhere else.
  const within = new Set<string>();
  if (team) {
    const add = (key: string) => {
      within.add(key);
      for (const t of doc.teams) if (t.parent === key) add(t.key);
    };
    add(team);
  }
  return { team: doc.teams.find((t) => t.key === team) ?? null, participants: participants.filter((p) => !team || (p.team !== null && within.has(p.team))) };
};
