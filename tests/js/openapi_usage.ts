// Compiled with `tsc --strict --noEmit` next to the types openapi-typescript generates from
// openapi/openapi.json (tests/web/test_generated_clients.py): an app's use of them type-checks.
import type { components, operations, paths } from "./api";

type Stage = components["schemas"]["StageOut"];
type Election = components["schemas"]["ElectionOut"];
type Now = components["schemas"]["Now"];
type Problem = components["schemas"]["Problem"];
type ChangePage = components["schemas"]["ChangeList"];
type Root = components["schemas"]["ApiRoot"];
type ElectionsQuery = NonNullable<operations["listElections"]["parameters"]["query"]>;
type StagesQuery = NonNullable<operations["listStages"]["parameters"]["query"]>;
type ElectionPath = paths["/v1/elections/{election_id}"]["get"]["parameters"]["path"];

const query: StagesQuery = { from: "2024-02-01", to: "2024-02-29", category: ["voting"], key: true };
const path: ElectionPath = { election_id: "pemilu-2024" };
const inKebumen: ElectionsQuery = { from: "2024-01-01", to: "2024-12-31", region: "33.05" };

function nextPage(page: ChangePage): string | null {
  // null on the last page; each entry has a stable id (e.g. pilkada-2020.3).
  return page.next ?? null;
}

function feedAddress(root: Root): string {
  return root.links.calendar.url;
}

function votingHours(stage: Stage): string | null {
  // hours is HH:MM local time, or null; category is an open enumeration (any string).
  const category: string = stage.category;
  return stage.hours ? `${category} ${stage.hours.start}-${stage.hours.end}` : null;
}

function firstStage(election: Election): Stage | undefined {
  return election.stages[0];
}

function nextVote(now: Now): number | null {
  return now.next_voting_day ? now.next_voting_day.days_until : null;
}

function explain(problem: Problem): string {
  return `${problem.status} ${problem.title}: ${problem.detail}`;
}

export { query, path, inKebumen, votingHours, firstStage, nextVote, explain, nextPage, feedAddress };
