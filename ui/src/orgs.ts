//! The organisation list as the UI needs it: the tree (党委 → 总支 → 支部), the top organisation,
//! and indented choices for selects. `LedgerInfo.organizations` is flat, linked by `parent_id`.

import type { Organization, Term } from "./api";
import { ORG_KIND } from "./labels";

export interface OrgNode {
  id: number;
  label: string;
  org: Organization;
  children: OrgNode[];
}

/** Roots are organisations whose parent is not in the list (normally the one top organisation). */
export function orgTree(orgs: Organization[]): OrgNode[] {
  const ids = new Set(orgs.map((o) => o.id));
  const nodes = new Map<number, OrgNode>(
    orgs.map((o) => [o.id, { id: o.id, label: o.fields.short_name || o.fields.name, org: o, children: [] }]),
  );
  const roots: OrgNode[] = [];
  for (const o of orgs) {
    const node = nodes.get(o.id)!;
    const parent = o.fields.parent_id;
    if (parent !== null && ids.has(parent) && parent !== o.id) nodes.get(parent)!.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function topOrg(orgs: Organization[]): Organization | null {
  return orgTree(orgs)[0]?.org ?? null;
}

/** Every organisation in tree order with its depth, for an indented select. */
export function orgChoices(orgs: Organization[]): { value: number; label: string; depth: number }[] {
  const out: { value: number; label: string; depth: number }[] = [];
  const walk = (nodes: OrgNode[], depth: number) => {
    for (const n of nodes) {
      out.push({ value: n.id, label: n.org.fields.name, depth });
      walk(n.children, depth + 1);
    }
  };
  walk(orgTree(orgs), 0);
  return out;
}

export function orgKindLabel(o: Organization): string {
  return ORG_KIND[o.fields.kind];
}

/** The organisation and all organisations under it. */
export function orgAndDescendants(orgs: Organization[], id: number): Set<number> {
  const found = new Set<number>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of orgs) {
      if (o.fields.parent_id !== null && found.has(o.fields.parent_id) && !found.has(o.id)) {
        found.add(o.id);
        grew = true;
      }
    }
  }
  return found;
}

/** The term's end as `Term::ends_on` computes it: the same day N years on (29 Feb → 28 Feb). */
export function termEndsOn(term: Term): string {
  const [y, m, d] = term.elected_on.split("-").map(Number);
  const year = y + term.years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
