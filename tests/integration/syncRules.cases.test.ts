import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { sessionMap, titleText, zoneFragment } from '../../shared/docLayout';
import { MessageType } from '../../shared/protocol';
import { setSpotlight } from '../../shared/session';
import { paragraph } from '../helpers/editorEdits';
import { encodeForgedUpdate } from '../helpers/forgedUpdates';
import { rawState, SimulatedWorld } from '../helpers/roomSimulation';

/** Cases a review of the judging found, each on the server's own rooms and SQLite. */
describe('the rules on Yjs updates, case by case', () => {
  let world: SimulatedWorld;
  beforeEach(async () => {
    vi.useFakeTimers();
    world = await SimulatedWorld.create();
  });
  afterEach(async () => {
    await world.dispose();
    vi.useRealTimers();
  });

  const settle = async () => world.settle((ms) => vi.advanceTimersByTime(ms));
  const sendRaw = async (client: ReturnType<SimulatedWorld['addClient']>, update: Uint8Array) => {
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, MessageType.sync);
    syncProtocol.writeUpdate(frame, update);
    client.write(encoding.toUint8Array(frame));
    client.deliverOne();
    await world.commit();
  };

  it('refuses a struct that names a later clock of its own client, and keeps the session', async () => {
    const facilitator = world.addClient('facilitator');
    const attacker = world.addClient('editor');
    facilitator.connect();
    attacker.connect();
    setSpotlight(facilitator.doc, 'obstacles');
    await settle();
    // Yjs integrates 9000 first (the highest id), then looks up 5:1 before it exists and throws.
    const update = encodeForgedUpdate(
      [
        { client: 9000, clock: 0, origin: null, rightOrigin: null, parent: 'session', parentSub: 'spotlight', content: { values: ['actions'] } },
        { client: 5, clock: 0, origin: Y.createID(5, 1), rightOrigin: null, parent: null, parentSub: null, content: { text: 'a' } },
        { client: 5, clock: 1, origin: null, rightOrigin: null, parent: 'title', parentSub: null, content: { text: 'b' } },
      ],
      [],
    );
    await sendRaw(attacker, update);
    await settle();
    expect(sessionMap(world.room.doc).get('spotlight')).toBe('obstacles');
    expect(sessionMap(facilitator.doc).get('spotlight')).toBe('obstacles');
    expect(world.room.counters.updatesDeferred).toBeGreaterThanOrEqual(1);
    // An innocent editor's next change is not taken back for someone else's.
    titleText(attacker.doc).insert(0, 'Gewoon ');
    await settle();
    expect(titleText(world.room.doc).toString()).toContain('Gewoon ');
    expect(world.room.counters.updatesReverted).toBe(0);
  });

  it('keeps text typed into a paragraph someone deleted meanwhile, and the typist’s later edits', async () => {
    const deleter = world.addClient('editor');
    const typist = world.addClient('editor');
    deleter.connect();
    typist.connect();
    zoneFragment(deleter.doc, 'horizon').insert(0, [new Y.XmlElement('paragraph')]);
    await settle();
    // Concurrently: one deletes the empty paragraph, the other types into it.
    zoneFragment(deleter.doc, 'horizon').delete(0, 1);
    while (deleter.deliverOne());
    await world.commit();
    (zoneFragment(typist.doc, 'horizon').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('x')]);
    while (typist.deliverOne());
    await world.commit();
    titleText(typist.doc).insert(0, 'Daarna ');
    await settle();
    expect(titleText(world.room.doc).toString()).toContain('Daarna ');
    expect(typist.tracker.allStored).toBe(true);
    expect(rawState(typist.doc)).toEqual(rawState(world.room.doc));
    expect(rawState(deleter.doc)).toEqual(rawState(world.room.doc));
  });

  it('brings together two tabs that both edited offline and carry each other’s edits', async () => {
    const tabA = world.addClient('editor');
    const tabB = world.addClient('editor');
    tabA.channel.push(tabB);
    tabB.channel.push(tabA);
    tabA.connect();
    tabB.connect();
    await settle();
    tabA.disconnect();
    tabB.disconnect();
    zoneFragment(tabA.doc, 'obstacles').insert(0, [paragraph('van tab A')]);
    zoneFragment(tabB.doc, 'obstacles').insert(0, [paragraph('van tab B')]);
    tabA.connect();
    tabB.connect();
    await settle();
    const obstacles = zoneFragment(world.room.doc, 'obstacles').toString();
    expect(obstacles).toContain('van tab A');
    expect(obstacles).toContain('van tab B');
    expect(tabA.tracker.allStored && tabB.tracker.allStored).toBe(true);
    expect(rawState(tabA.doc)).toEqual(rawState(world.room.doc));
  });

  it('lets no viewer claim another participant’s client id', async () => {
    const facilitator = world.addClient('facilitator');
    const viewer = world.addClient('viewer');
    viewer.connect();
    // The viewer's first presence message names the facilitator's id, before it connects.
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, MessageType.awareness);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, facilitator.doc.clientID);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, '{}');
    encoding.writeVarUint8Array(frame, encoding.toUint8Array(inner));
    viewer.outbox = [];
    viewer.write(encoding.toUint8Array(frame));
    viewer.deliverOne();
    facilitator.connect();
    titleText(facilitator.doc).insert(0, 'F: ');
    await settle();
    expect(titleText(world.room.doc).toString()).toContain('F: ');
    expect(world.room.counters.updatesDeferred).toBe(0);
  });
});
