import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addPillar, pillarsArray, readPillar, sessionMap, titleText, zoneFragment } from '../../shared/docLayout';
import { setSpotlight, startTimer } from '../../shared/session';
import { touchesSession } from './sessionGuard';

/** A server document and a client that starts from the server's state. */
function world() {
  const server = new Y.Doc();
  const client = new Y.Doc();
  const sync = () => Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
  /** What `change` sends to the server (the client's update), checked against the server's doc. */
  const check = (change: (doc: Y.Doc) => void): boolean => {
    const before = Y.encodeStateVector(client);
    change(client);
    const update = Y.encodeStateAsUpdate(client, before);
    const touches = touchesSession(server, Y.decodeUpdate(update));
    Y.applyUpdate(server, update);
    return touches;
  };
  return { server, client, sync, check };
}

describe('the session guard', () => {
  it('finds a first spotlight, a spotlight set again, a timer and a deleted key', () => {
    const { check, sync, server } = world();
    expect(check((doc) => setSpotlight(doc, 'obstacles'))).toBe(true);
    // Set again: the new item names the old one as its neighbour, not the map.
    expect(check((doc) => setSpotlight(doc, 'actions'))).toBe(true);
    expect(check((doc) => startTimer(doc, 60_000, 0))).toBe(true);
    expect(check((doc) => setSpotlight(doc, null))).toBe(true);
    // Someone else's spotlight, deleted by this client.
    setSpotlight(server, 'pillars');
    sync();
    expect(check((doc) => setSpotlight(doc, null))).toBe(true);
  });

  it('finds a nested type put into the session and text typed into it later', () => {
    const { check } = world();
    let nested: Y.Text | null = null;
    expect(
      check((doc) => {
        nested = new Y.Text('a');
        sessionMap(doc).set('x', nested);
      }),
    ).toBe(true);
    expect(check(() => nested!.insert(1, 'b'))).toBe(true);
  });

  it('lets ordinary editing through: typing, deleting, pillars, the title', () => {
    const { check, sync, server } = world();
    setSpotlight(server, 'horizon');
    addPillar(server, 'p1');
    sync();
    expect(check((doc) => zoneFragment(doc, 'horizon').insert(0, [new Y.XmlText('Een doel')]))).toBe(false);
    expect(check((doc) => (zoneFragment(doc, 'horizon').get(0) as Y.XmlText).insert(8, ' met datum'))).toBe(false);
    expect(check((doc) => (zoneFragment(doc, 'horizon').get(0) as Y.XmlText).delete(0, 4))).toBe(false);
    expect(check((doc) => titleText(doc).insert(0, 'Visie'))).toBe(false);
    expect(check((doc) => readPillar(pillarsArray(doc).get(0), 0).title!.insert(0, 'Pijler'))).toBe(false);
    expect(check((doc) => pillarsArray(doc).delete(0, 1))).toBe(false);
  });

  it('lets a peer resend session changes the server already has', () => {
    const { server, client, check } = world();
    const facilitator = new Y.Doc();
    setSpotlight(facilitator, 'obstacles');
    startTimer(facilitator, 5 * 60_000, 0);
    const fromFacilitator = Y.encodeStateAsUpdate(facilitator);
    Y.applyUpdate(server, fromFacilitator);
    // The client got it from elsewhere (another tab) and sends it along with its own typing.
    Y.applyUpdate(client, fromFacilitator);
    expect(check((doc) => titleText(doc).insert(0, 'x'))).toBe(false);
    expect(touchesSession(server, Y.decodeUpdate(Y.encodeStateAsUpdate(client)))).toBe(false);
  });

  it('refuses a new item whose neighbour the server has never seen (a forged update)', () => {
    const { server } = world();
    const elsewhere = new Y.Doc();
    setSpotlight(elsewhere, 'horizon');
    const first = Y.encodeStateAsUpdate(elsewhere);
    const sv = Y.encodeStateVector(elsewhere);
    setSpotlight(elsewhere, 'actions');
    const second = Y.encodeStateAsUpdate(elsewhere, sv);
    // Only the second half arrives: its item names an unknown neighbour.
    expect(touchesSession(server, Y.decodeUpdate(second))).toBe(true);
    expect(touchesSession(server, Y.decodeUpdate(first))).toBe(true);
  });
});
