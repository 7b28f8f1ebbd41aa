import fc from 'fast-check';
import {
  ACTIVE_STATES,
  allowedReferralActions,
  decideTransition,
  REFERRAL_STATES,
  REFERRAL_TRANSITIONS,
  ReferralAction,
  ReferralActor,
  ReferralState,
  TERMINAL_STATES,
} from './lifecycle';

const ACTIONS = Object.keys(REFERRAL_TRANSITIONS) as ReferralAction[];
const ACTORS: ReferralActor[] = ['referring_officer', 'referring_supervisor', 'centre_counsellor', 'holder', 'centre_manager', 'system'];

describe('the referral lifecycle', () => {
  it('is the diagram of DESIGN.md', () => {
    const edges = ACTIONS.flatMap((action) =>
      REFERRAL_TRANSITIONS[action].from.map((from) => `${from} -${action}-> ${REFERRAL_TRANSITIONS[action].to}`),
    ).sort();
    expect(edges).toEqual(
      [
        'pending -accept-> accepted',
        'pending -decline-> declined',
        'pending -assign-> accepted',
        'accepted -assign-> accepted',
        'accepted -start-> in_service',
        'in_service -complete-> completed',
        'in_service -escalate-> escalated',
        'pending -withdraw-> withdrawn',
        'accepted -withdraw-> withdrawn',
        'in_service -withdraw-> withdrawn',
        'pending -redirect-> withdrawn',
      ].sort(),
    );
  });

  it.each([
    ['only the centre accepts or declines', ['accept', 'decline'], ['centre_counsellor', 'holder', 'centre_manager']],
    ['only a manager assigns', ['assign'], ['centre_manager']],
    ['the holder or a manager starts, completes and escalates', ['start', 'complete', 'escalate'], ['holder', 'centre_manager']],
    ['only the referring unit (or the worker on a lapsed consent) withdraws', ['withdraw'], ['referring_officer', 'referring_supervisor', 'system']],
    ['only the referring unit’s supervisors redirect', ['redirect'], ['referring_supervisor']],
  ] as const)('%s', (_rule, actions, allowed) => {
    for (const action of actions) {
      for (const actor of ACTORS) {
        const from = REFERRAL_TRANSITIONS[action].from[0];
        expect([action, actor, decideTransition(from, action, [actor]).allowed]).toEqual([action, actor, (allowed as readonly string[]).includes(actor)]);
      }
    }
  });

  it('refuses a legal actor in the wrong state with the current state, and a wrong actor first', () => {
    expect(decideTransition('accepted', 'accept', ['centre_counsellor'])).toEqual({ allowed: false, refusal: 'WRONG_STATE', current: 'accepted' });
    expect(decideTransition('accepted', 'accept', ['referring_officer'])).toEqual({ allowed: false, refusal: 'NOT_YOURS', current: 'accepted' });
  });

  it('offers each actor what they may do now', () => {
    expect(allowedReferralActions('pending', ['centre_manager'])).toEqual(['accept', 'decline', 'assign']);
    expect(allowedReferralActions('pending', ['referring_supervisor'])).toEqual(['withdraw', 'redirect']);
    expect(allowedReferralActions('accepted', ['centre_counsellor'])).toEqual([]);
    expect(allowedReferralActions('in_service', ['holder'])).toEqual(['complete', 'escalate']);
  });

  it('never leaves a terminal state, and only legal steps move a referral (random sequences by random actors)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ACTIONS), fc.subarray(ACTORS, { minLength: 1 })), { maxLength: 30 }), (steps) => {
        let state: ReferralState = 'pending';
        for (const [action, actors] of steps) {
          const decision = decideTransition(state, action, actors);
          if (TERMINAL_STATES.includes(state)) expect(decision.allowed).toBe(false);
          if (!decision.allowed) continue;
          expect(REFERRAL_TRANSITIONS[action].from).toContain(state);
          state = decision.to;
          expect(REFERRAL_STATES).toContain(state);
        }
        return true;
      }),
      { numRuns: 500 },
    );
    expect([...ACTIVE_STATES, ...TERMINAL_STATES].sort()).toEqual([...REFERRAL_STATES].sort());
  });
});
