import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { RoundCommand, RoundError, RoundView } from '../../../shared/rounds';
import type { MessageKey } from '../i18n/i18n';
import { roundKey } from '../lib/identity';
import type { RoundRefusal, RoundsChannel, RoundsSnapshot } from './RoundsChannel';

const EMPTY: RoundsSnapshot = { rounds: [], refusal: null, loaded: false };
const noSubscription = () => () => {};

export interface Rounds {
  /** Every round as this connection may see it, the open one last. */
  rounds: readonly RoundView[];
  /** The round that runs now (any phase before closed), if any. */
  active: RoundView | null;
  refusal: RoundRefusal | null;
  /** Sends a command; false when it could not be sent (offline), which the panel says. */
  send: (command: RoundCommand) => boolean;
  dismissRefusal: () => void;
}

/**
 * The rounds of a collab session for a page. With `name` (an editor page) this browser says
 * hello with its kept key and name, once per connection, and so may take part; without one
 * (the projector) it only watches. `joins`: it joins each running round, to be counted.
 */
export function useRounds(channel: RoundsChannel | null, name: string | null, joins = false): Rounds {
  const snapshot = useSyncExternalStore(channel?.subscribe ?? noSubscription, channel?.getSnapshot ?? (() => EMPTY));
  useEffect(() => {
    if (channel && name) channel.setIdentity(roundKey(), name, joins);
  }, [channel, name, joins]);
  const send = useCallback((command: RoundCommand) => channel?.send(command) ?? false, [channel]);
  const dismissRefusal = useCallback(() => channel?.dismissRefusal(), [channel]);
  const last = snapshot.rounds.at(-1) ?? null;
  return { rounds: snapshot.rounds, active: last && last.phase !== 'closed' ? last : null, refusal: snapshot.refusal, send, dismissRefusal };
}

/** Each refusal in words (nl.ts / en.ts). */
export const ROUND_ERROR_MESSAGES: Record<RoundError, MessageKey> = {
  no_round: 'roundErrorNoRound',
  round_open: 'roundErrorRoundOpen',
  not_allowed: 'roundErrorNotAllowed',
  wrong_phase: 'roundErrorWrongPhase',
  unknown_card: 'roundErrorUnknownCard',
  unknown_group: 'roundErrorUnknownGroup',
  too_many_cards: 'roundErrorTooManyCards',
  too_many_groups: 'roundErrorTooManyGroups',
  no_votes_left: 'roundErrorNoVotesLeft',
  group_full: 'roundErrorGroupFull',
  not_stored: 'roundErrorNotStored',
  too_large: 'roundErrorTooLarge',
  too_fast: 'roundErrorTooFast',
};

/** Each phase's name, and its step number (1-4; closed is none). */
export const PHASE_MESSAGES: Record<RoundView['phase'], MessageKey> = {
  write: 'roundPhaseWrite',
  group: 'roundPhaseGroup',
  vote: 'roundPhaseVote',
  results: 'roundPhaseResults',
  closed: 'roundPhaseClosed',
};
