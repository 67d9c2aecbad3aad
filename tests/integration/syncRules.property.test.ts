import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionMap, styleMap, titleText, zoneFragment } from '../../shared/docLayout';
import { writeStyle, DEFAULT_STYLE } from '../../shared/houseStyle';
import { MessageType } from '../../shared/protocol';
import { setSpotlight, startTimer } from '../../shared/session';
import { applyEdit, editorEdit, paragraph, type EditorEdit } from '../helpers/editorEdits';
import { forgedPlan, resolvePlan, type ForgedPlan } from '../helpers/forgedUpdates';
import { rawState, SimulatedWorld, type SimulatedClient } from '../helpers/roomSimulation';

/**
 * The rules the server enforces on Yjs updates, over generated cases (fast-check, seeded: a
 * failure prints its seed and the shrunk case; rerun with STIP_PROPERTY_SEED=<seed>). The
 * rooms, the judging and the SQLite file are the server's own; the clients speak y-protocols
 * as y-websocket does, over sockets whose frames move in the order the case chooses.
 */
const seed = process.env.STIP_PROPERTY_SEED ? Number(process.env.STIP_PROPERTY_SEED) : 20261130;
const runs = Number(process.env.STIP_PROPERTY_RUNS ?? 40);

type Step =
  | { who: number; edit: EditorEdit }
  | { who: number; deliver: number }
  | { who: number; receive: true }
  | { who: number; toggleOnline: true }
  | { tick: number };

/** Everyone online, then every frame and timer moved until nothing moves any more. */
async function settle(world: SimulatedWorld): Promise<void> {
  for (const client of world.clients) client.connect();
  await world.settle((ms) => vi.advanceTimersByTime(ms));
}

async function run(world: SimulatedWorld, steps: Step[]): Promise<void> {
  for (const step of steps) {
    if ('tick' in step) {
      vi.advanceTimersByTime(step.tick);
      continue;
    }
    const client = world.clients[step.who % world.clients.length]!;
    if ('edit' in step) applyEdit(client.doc, step.edit);
    else if ('deliver' in step) {
      for (let i = 0; i < step.deliver; i++) client.deliverOne();
      await world.commit();
    } else if ('receive' in step) client.receiveAll();
    else if (client.online) client.disconnect();
    else client.connect();
  }
}

async function expectConverged(world: SimulatedWorld, clients: SimulatedClient[]): Promise<void> {
  const server = rawState(world.room.doc);
  for (const client of clients) expect(rawState(client.doc)).toEqual(server);
  const stored = await world.storedDoc();
  expect(rawState(stored)).toEqual(server);
  stored.destroy();
}

const honestStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ who: fc.nat({ max: 3 }), edit: editorEdit }) },
  { weight: 4, arbitrary: fc.record({ who: fc.nat({ max: 3 }), deliver: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ who: fc.nat({ max: 3 }), receive: fc.constant(true as const) }) },
  { weight: 1, arbitrary: fc.record({ who: fc.nat({ max: 3 }), toggleOnline: fc.constant(true as const) }) },
  { weight: 1, arbitrary: fc.record({ tick: fc.integer({ min: 1, max: 300 }) }) },
);

describe('the rules on Yjs updates, over generated edits', () => {
  let world: SimulatedWorld;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    await world?.dispose();
    vi.useRealTimers();
  });

  it('never refuses or loses honest edits, whatever their order, size and offline stretches, and every copy converges', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(honestStep, { minLength: 5, maxLength: 40 }), async (steps) => {
        await world?.dispose();
        world = await SimulatedWorld.create();
        // A facilitator, two tabs of one browser (sharing edits over BroadcastChannel) and an editor.
        const facilitator = world.addClient('facilitator');
        const tabA = world.addClient('editor');
        const tabB = world.addClient('editor');
        world.addClient('editor');
        tabA.channel.push(tabB);
        tabB.channel.push(tabA);
        for (const client of world.clients) client.connect();
        await settle(world);
        setSpotlight(facilitator.doc, 'obstacles');
        await run(world, steps);
        await settle(world);

        const room = world.room;
        expect(room.counters.updatesReverted).toBe(0);
        expect(room.doc.store.pendingStructs).toBeNull();
        expect(room.doc.store.pendingDs).toBeNull();
        await expectConverged(world, world.clients);
        for (const client of world.clients) expect(client.tracker.allStored).toBe(true);
        expect(sessionMap(room.doc).get('spotlight')).toBe('obstacles');
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
  }, 180_000);

  it('lets no forged update change the session or the house style, delete what is yet to come, or leave anything pending', async () => {
    type ForgedStep = { forged: ForgedPlan } | { honest: number; edit: EditorEdit } | { receiveAll: true };
    const forgedStep: fc.Arbitrary<ForgedStep> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ forged: forgedPlan }) },
      { weight: 2, arbitrary: fc.record({ honest: fc.nat({ max: 1 }), edit: editorEdit }) },
      { weight: 1, arbitrary: fc.record({ receiveAll: fc.constant(true as const) }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(forgedStep, { minLength: 1, maxLength: 30 }), async (steps) => {
        await world?.dispose();
        world = await SimulatedWorld.create();
        const facilitator = world.addClient('facilitator');
        const editor = world.addClient('editor');
        const attacker = world.addClient('editor');
        for (const client of world.clients) client.connect();
        setSpotlight(facilitator.doc, 'pillars');
        startTimer(facilitator.doc, 10 * 60_000, 0);
        writeStyle(facilitator.doc, { ...DEFAULT_STYLE, primaryColor: '#0b6e4f', typeface: 'notoSerif' });
        await settle(world);
        const room = world.room;
        const session = () => JSON.stringify([sessionMap(room.doc).toJSON(), styleMap(room.doc).toJSON()]);
        const sessionBefore = session();
        const honest = [facilitator, editor];

        for (const step of steps) {
          if ('forged' in step) {
            const update = resolvePlan(room.doc, [facilitator.doc.clientID, editor.doc.clientID, attacker.doc.clientID], step.forged);
            const frame = encoding.createEncoder();
            encoding.writeVarUint(frame, MessageType.sync);
            syncProtocol.writeUpdate(frame, update);
            attacker.write(encoding.toUint8Array(frame));
            try {
              attacker.deliverOne();
            } catch {
              // Closed as malformed (4400): a forged update Yjs cannot read. Nothing of it counts.
              attacker.socket = null;
              attacker.outbox = [];
            }
            await world.commit();
            vi.advanceTimersByTime(0);
          } else if ('honest' in step) {
            const client = honest[step.honest]!;
            applyEdit(client.doc, step.edit);
            while (client.deliverOne());
            await world.commit();
          } else {
            for (const client of world.clients) client.receiveAll();
          }
          expect(room.doc.store.pendingStructs).toBeNull();
          expect(room.doc.store.pendingDs).toBeNull();
          expect(session()).toBe(sessionBefore);
        }

        // The attacker's modified client is gone; the others carry on and write again.
        attacker.disconnect();
        world.clients.splice(world.clients.indexOf(attacker), 1);
        await settle(world);
        titleText(facilitator.doc).insert(0, 'F-marker ');
        setSpotlight(facilitator.doc, 'actions');
        zoneFragment(editor.doc, 'obstacles').insert(0, [paragraph('E-marker')]);
        await settle(world);
        expect(titleText(room.doc).toString()).toContain('F-marker ');
        expect(zoneFragment(room.doc, 'obstacles').toString()).toContain('E-marker');
        expect(sessionMap(room.doc).get('spotlight')).toBe('actions');
        expect(room.doc.store.pendingStructs).toBeNull();
        await expectConverged(world, honest);
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
  }, 180_000);
});
