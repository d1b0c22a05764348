import type { PromotedContext } from "./context";

/** A Segment-spec message as it arrives (only the fields Loupe reads are typed). */
export type SegmentMessage = {
  type?: unknown;
  event?: unknown;
  name?: unknown;
  userId?: unknown;
  anonymousId?: unknown;
  previousId?: unknown;
  groupId?: unknown;
  messageId?: unknown;
  timestamp?: unknown;
  originalTimestamp?: unknown;
  sentAt?: unknown;
  properties?: unknown;
  traits?: unknown;
  context?: unknown;
  [key: string]: unknown;
};

export type IdentityOp =
  /** `userId` and `anonymousId` seen together: the anonymous person becomes the user's. */
  | { kind: "link"; anonymousId: string; userId: string }
  /** `alias(previousId → userId)`: explicit merge (never of two identified persons). */
  | { kind: "alias"; previousId: string; userId: string };

/**
 * One message after normalization: everything the writer stores, nothing it must re-derive.
 * The promoted context (os, browser, …, groupId — for a group call its groupId — and sessionId)
 * comes from context.ts.
 */
export type NormalizedEvent = PromotedContext & {
  /** Position in the request, for per-event answers. */
  index: number;
  messageId: string;
  event: string;
  /** userId when sent, else anonymousId: the id the event is stored under. */
  distinctId: string;
  /** Whether distinctId is a userId (a person created from it is identified). */
  identified: boolean;
  timestamp: string;
  receivedAt: string;
  clockSkewMs: number | null;
  flags: number;
  properties: Record<string, unknown>;
  identity: IdentityOp | null;
  /** identify traits: set on the person (`$set_once` inside them only when unset). */
  personSet: Record<string, unknown> | null;
  personSetOnce: Record<string, unknown> | null;
  /** group traits: merged into the account. */
  accountTraits: Record<string, unknown> | null;
};

export type Rejection = { index: number; messageId: string | null; code: string; message: string };

export type WriteResult = {
  accepted: number;
  duplicates: number;
  /** Indexes (in the request) of stored events whose merge of two identified persons was refused. */
  mergeRefused: number[];
  /**
   * Indexes of events dropped because they name a suppressed id (a deleted person's,
   * lib/lifecycle/delete-person.ts): acknowledged, not stored. Absent when there were none.
   */
  suppressed?: number[];
};
