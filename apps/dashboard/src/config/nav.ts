import type { Role } from "@/gql/graphql";

/** One entry of the side navigation. */
export interface NavItem {
  title: string;
  href: string;
  /** Roles that see the entry (and may open the page); mirrors the API's permission matrix. */
  roles: readonly Role[];
  /** Sidebar group. */
  section: "Clinical" | "Operations" | "Administration";
}

const ALL: readonly Role[] = ["ADMIN", "CLINICIAN", "ANALYST"];
const CLINICAL: readonly Role[] = ["ADMIN", "CLINICIAN"];
const PERFORMANCE: readonly Role[] = ["ADMIN", "ANALYST"];
const ADMIN: readonly Role[] = ["ADMIN"];

/** The dashboard's navigation, as data: the shell renders it, pages guard with it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { title: "Overview", href: "/", roles: ALL, section: "Clinical" },
  { title: "Analyses", href: "/analyses", roles: CLINICAL, section: "Clinical" },
  { title: "Upload", href: "/upload", roles: CLINICAL, section: "Clinical" },
  { title: "Patients", href: "/patients", roles: CLINICAL, section: "Clinical" },
  // Everyone reading a report should be able to see what its figures rest on (SYNTHETIC data);
  // with the reports, not under Operations, which clinicians otherwise never see.
  { title: "Model evaluation", href: "/model-evaluation", roles: ALL, section: "Clinical" },
  { title: "Performance", href: "/performance", roles: PERFORMANCE, section: "Operations" },
  { title: "Models & memory", href: "/models", roles: PERFORMANCE, section: "Operations" },
  { title: "Sessions", href: "/sessions", roles: ADMIN, section: "Administration" },
  { title: "Maintenance", href: "/maintenance", roles: ADMIN, section: "Administration" },
  { title: "Queues", href: "/queues", roles: ADMIN, section: "Administration" },
  { title: "Users", href: "/users", roles: ADMIN, section: "Administration" },
  { title: "Audit log", href: "/audit", roles: ADMIN, section: "Administration" },
];

/** Navigation entries a role sees. */
export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/** The entry that owns a path (longest matching prefix), for page guards and highlighting. */
export function navItemOf(pathname: string): NavItem | undefined {
  let best: NavItem | undefined;
  for (const item of NAV_ITEMS) {
    const matches = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
    if (matches && (!best || item.href.length > best.href.length)) best = item;
  }
  return best;
}
