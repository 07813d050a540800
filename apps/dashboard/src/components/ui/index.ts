export { Badge } from "./badge";
export { Card } from "./card";
export { PageHeader } from "./page-header";
export { ProgressBar } from "./progress-bar";
export { SidewaysScroll } from "./sideways-scroll";
export { Skeleton } from "./skeleton";
export { EmptyState, ErrorState, NotAvailable } from "./states";
export { Identifier } from "./identifier";
export { Tile } from "./tile";
