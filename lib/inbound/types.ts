/** Types of the inbound decoder (spec docs: shared/specs/message-formats.md). */

/** The three inbound record families of spec §2. */
export type Family = 'federated' | 'bluesky' | 'twitter';

/** Why a record was quarantined (spec §3). */
export const QUARANTINE_REASONS = [
  'empty_value',
  'not_utf8',
  'invalid_json',
  'not_an_object',
  'unsupported_event_type',
  'unrecognised_shape',
  'wrong_family_for_topic',
  'missing_key',
  'reserved_site_id',
  'invalid_field',
  'no_content',
  'text_too_long',
] as const;

export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/** Something the decoder changed or dropped on a stored post (spec §4). */
export type DecodeNote =
  | 'attach_ignored'
  | 'nul_stripped'
  | 'surrogate_replaced'
  | 'text_truncated';

/** A post ready to insert, keyed by (`sourceSite`, `originalPostId`). */
export interface InboundPost {
  readonly sourceSite: string;
  readonly originalPostId: string;
  readonly authorName: string;
  readonly text: string;
  readonly imageUrl: string | null;
  readonly contentType: 'text' | 'image';
  /** Null means "use the ingest time". */
  readonly createdAt: Date | null;
  readonly family: Family;
}

/** What one record value means. */
export type Decision =
  | {
      readonly outcome: 'post';
      readonly post: InboundPost;
      readonly notes: readonly DecodeNote[];
    }
  | { readonly outcome: 'skipped_own_site' }
  | {
      readonly outcome: 'quarantined';
      readonly reason: QuarantineReason;
      readonly detail: string;
    };

/** The settings of the spec's table that decoding depends on. */
export interface DecodeSettings {
  readonly siteId: string;
  readonly topicFamilies: ReadonlyMap<string, Family>;
  readonly blueskySiteId: string;
  readonly twitterSiteId: string;
  readonly maxTextChars: number;
  readonly textOverflow: 'reject' | 'truncate';
  readonly maxImageUrlChars: number;
}

/** A family decoder's fields, before the shared content rules (§3 11–12). */
export interface ExtractedPost {
  readonly sourceSite: string;
  readonly originalPostId: string;
  readonly authorName: string;
  /** The text as read, before NUL removal and surrogate repair. */
  readonly rawText: string;
  readonly imageUrl: string | null;
  readonly createdAt: Date | null;
  readonly notes: readonly DecodeNote[];
}

/** A quarantine decision. */
export type Quarantine = Extract<Decision, { outcome: 'quarantined' }>;

/** What a family decoder returns: fields, or a final decision. */
export type FamilyResult =
  | { readonly outcome: 'extracted'; readonly post: ExtractedPost }
  | Quarantine
  | { readonly outcome: 'skipped_own_site' };
