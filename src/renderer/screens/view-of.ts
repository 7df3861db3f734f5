import type { ScreenName, ScreenView } from '../../shared/bridge';

/** The view of one screen: each screen component takes exactly its own variant. */
export type ViewOf<S extends ScreenName> = Extract<ScreenView, { screen: S }>;
