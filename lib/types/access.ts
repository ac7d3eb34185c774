/** What Eddy's last call of an AWS action returned. */
export type ActionState = 'allowed' | 'denied' | 'unreachable' | 'throttled' | 'unsupported' | 'failed' | 'untested';

export interface ActionOutcome {
  /** `sqs:ReceiveMessage`. */
  action: string;
  state: Exclude<ActionState, 'untested'>;
  /** Epoch ms of the call. */
  at: number;
  /** The AWS error name or network code, when it failed. */
  code?: string;
  message?: string;
  /** Whether the call was a "check now" probe rather than Eddy's own work. */
  probe?: boolean;
}

/** A part of a page that could not be shown, and why, in place of it. */
export interface Gap {
  /** The IAM action whose call failed. */
  action: string;
  state: Exclude<ActionState, 'allowed' | 'untested'>;
  /** The whole sentence the page shows. */
  message: string;
}

/** One row of `/access`. */
export interface AccessRow {
  action: string;
  service: string;
  use: string;
  probe: boolean;
  state: ActionState;
  at?: number;
  code?: string;
  message?: string;
}

/** `/access`: every action by feature, with its last outcome, and the policy for what is in view. */
export interface AccessReport {
  features: { id: string; title: string; role: 'read-only' | 'operator'; without: string; rows: AccessRow[] }[];
  /** The least-privilege IAM policy for the resources in view. */
  policy: { Version: '2012-10-17'; Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string[] }[] };
  /** How the resources in the policy were found, and what could not be listed. */
  resourceNotes: string[];
  checkedAt?: number;
}
