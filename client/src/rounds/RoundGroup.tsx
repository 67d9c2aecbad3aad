import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { CardView, GroupView, RoundView } from '../../../shared/rounds';
import { useTranslation } from '../i18n/useTranslation';
import { RoundCardText, shortText } from './RoundCard';
import type { Rounds } from './useRounds';
import { escapeCancels } from '../lib/escapeCancels';

/** The drop target of cards nobody grouped yet. */
const LOOSE = 'loose';
const NEW_GROUP = '+new';
/** The grip's size (px, rounds.css `.round-card__handle`). */
const GRIP = 32;

interface Props {
  round: RoundView;
  send: Rounds['send'];
  /** Groups cards and names groups (anyone with an editor link). */
  groups: boolean;
  facilitator: boolean;
}

/**
 * Pointers drop where they are; the keyboard (no pointer) into the group the card's centre is
 * in (its own column when picked up), else the nearest.
 */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  if (within.length > 0) return within;
  const { collisionRect, droppableContainers, droppableRects } = args;
  // Where the grip is (the dragged copy of the card around it may be any size).
  const x = collisionRect.left + GRIP / 2;
  const y = collisionRect.top + GRIP / 2;
  const around = droppableContainers.filter((container) => {
    const rect = droppableRects.get(container.id);
    return rect !== undefined && x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom;
  });
  return around.length > 0 ? around.map((container) => ({ id: container.id, data: { droppableContainer: container, value: 0 } })) : closestCenter(args);
};

/**
 * Arrow keys carry a picked-up card from one group to the next (down/right) or the one before
 * (up/left), instead of 25 px at a time.
 */
const jumpBetweenGroups: KeyboardCoordinateGetter = (event, { context }) => {
  const forward = event.code === 'ArrowDown' || event.code === 'ArrowRight';
  const backward = event.code === 'ArrowUp' || event.code === 'ArrowLeft';
  if (!forward && !backward) return undefined;
  event.preventDefault();
  const { droppableRects, over } = context;
  const targets = [...droppableRects.entries()].sort(([, a], [, b]) => a.top - b.top || a.left - b.left);
  if (targets.length === 0) return undefined;
  const at = targets.findIndex(([id]) => id === over?.id);
  const next = at < 0 ? 0 : Math.min(targets.length - 1, Math.max(0, at + (forward ? 1 : -1)));
  const [, rect] = targets[next]!;
  return { x: rect.left + 12, y: rect.top + Math.min(rect.height / 2, 40) - GRIP / 2 };
};

/** Step 2: every card shown; anyone with an editor link groups them and names the groups. */
export function RoundGroup({ round, send, groups: mayGroup, facilitator }: Props) {
  const { t } = useTranslation();
  const [newName, setNewName] = useState('');
  const [moved, setMoved] = useState('');
  const [dragging, setDragging] = useState<CardView | null>(null);
  // A card moved from here lands in another column (a new element): the focus goes with it.
  const [following, setFollowing] = useState<{ cardId: string; from: string | null } | null>(null);
  useEffect(() => {
    if (!following) return;
    const card = round.cards.find((c) => c.id === following.cardId);
    if (!card) return setFollowing(null);
    if (card.groupId === following.from) return;
    setFollowing(null);
    document.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(card.id)}"] .round-card__handle`)?.focus();
  }, [round, following]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetweenGroups }),
  );
  const groupName = (id: string | number | null | undefined) =>
    id === LOOSE || id === null || id === undefined ? t('roundUngrouped') : (round.groups.find((g) => g.id === id)?.name ?? '');
  const cardText = (id: string | number) => shortText(round.cards.find((c) => c.id === id)?.text ?? '');

  const move = (card: CardView, target: string) => {
    const followFocus = card.id === (document.activeElement?.closest('[data-card-id]') as HTMLElement | null)?.dataset.cardId;
    if (followFocus) setFollowing({ cardId: card.id, from: card.groupId });
    if (target === NEW_GROUP) {
      send({ type: 'round:group:create', name: t('roundNewGroupDefault', { number: round.groups.length + 1 }), cardId: card.id });
      return;
    }
    const groupId = target === LOOSE ? null : target;
    if (groupId === card.groupId) return;
    if (send({ type: 'round:card:move', cardId: card.id, groupId })) setMoved(t('roundMoved', { name: groupName(target) }));
  };
  const onDragStart = ({ active }: DragStartEvent) => setDragging(round.cards.find((c) => c.id === active.id) ?? null);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const card = round.cards.find((c) => c.id === active.id);
    if (card && over) move(card, String(over.id));
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    const name = newName.trim();
    if (name && send({ type: 'round:group:create', name })) setNewName('');
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('roundDragStart', { text: cardText(active.id) }),
    onDragOver: ({ over }) => (over ? t('roundDragOver', { name: groupName(over.id) }) : undefined),
    onDragEnd: ({ over }) => (over ? t('roundDragEnd', { name: groupName(over.id) }) : t('roundDragCancel')),
    onDragCancel: () => t('roundDragCancel'),
  };

  const columns: { id: string; group: GroupView | null; cards: CardView[] }[] = [
    { id: LOOSE, group: null, cards: round.cards.filter((c) => c.groupId === null || !round.groups.some((g) => g.id === c.groupId)) },
    ...round.groups.map((group) => ({ id: group.id, group, cards: round.cards.filter((c) => c.groupId === group.id) })),
  ];
  const body = (
    <div className="round-columns" data-testid="round-columns">
      {columns.map((column) => (
        <GroupColumn key={column.id} id={column.id} group={column.group} mayGroup={mayGroup} send={send}>
          {column.cards.map((card) => (
            <GroupCard key={card.id} card={card} round={round} mayGroup={mayGroup} facilitator={facilitator} onMove={(target) => move(card, target)} send={send} />
          ))}
        </GroupColumn>
      ))}
    </div>
  );
  return (
    <div className="round-group">
      {mayGroup ? (
        <form className="round-inline-form" onSubmit={create}>
          <label htmlFor="round-new-group" className="round-label">
            {t('roundNewGroupName')}
          </label>
          <div className="round-write__row">
            <input id="round-new-group" className="field" maxLength={80} value={newName} onChange={(event) => setNewName(event.target.value)} data-testid="round-new-group" />
            <button type="submit" className="button" disabled={!newName.trim()} data-testid="round-new-group-create">
              {t('roundNewGroupCreate')}
            </button>
          </div>
        </form>
      ) : null}
      <p className="visually-hidden" role="status">
        {moved}
      </p>
      {mayGroup ? (
        <DndContext sensors={sensors} collisionDetection={collision} onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
          accessibility={{ announcements, screenReaderInstructions: { draggable: t('roundDragInstructions') } }}
        >
          {body}
          {/* What follows the pointer: a copy of the card, over everything. */}
          <DragOverlay>{dragging ? <div className="round-card round-card--overlay"><RoundCardText card={dragging} /></div> : null}</DragOverlay>
        </DndContext>
      ) : (
        body
      )}
    </div>
  );
}

function GroupColumn({ id, group, mayGroup, send, children }: { id: string; group: GroupView | null; mayGroup: boolean; send: Rounds['send']; children: React.ReactNode[] }) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState<string | null>(null);
  const headingId = `round-group-${id}`;
  const name = group ? group.name : t('roundUngrouped');
  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (group && renaming?.trim() && send({ type: 'round:group:rename', groupId: group.id, name: renaming.trim() })) setRenaming(null);
  };
  return (
    <section className={`round-column${group ? '' : ' round-column--loose'}`} aria-labelledby={headingId} data-testid="round-group" data-group-id={group?.id ?? LOOSE}>
      {mayGroup ? <DropArea id={id} /> : null}
      <div className="round-column__head">
        {renaming !== null && group ? (
          <form className="round-write__row" onSubmit={rename}>
            <label className="visually-hidden" htmlFor={`${headingId}-name`}>
              {t('roundGroupNameLabel', { name: group.name })}
            </label>
            <input
              id={`${headingId}-name`}
              className="field field--small round-column__name-field"
              maxLength={80}
              value={renaming}
              autoFocus
              onChange={(event) => setRenaming(event.target.value)}
              onKeyDown={escapeCancels(() => setRenaming(null))}
            />
            <button type="submit" className="chip chip--primary">
              {t('roundCardSave')}
            </button>
          </form>
        ) : (
          <h3 className="round-column__name" id={headingId}>
            {name} <span className="round-column__count">({children.length})</span>
          </h3>
        )}
        {group && mayGroup && renaming === null ? (
          <button type="button" className="chip" onClick={() => setRenaming(group.name)} aria-label={`${t('roundGroupRename')}: ${group.name}`}>
            {t('roundGroupRename')}
          </button>
        ) : null}
      </div>
      {children.length > 0 ? <ul className="round-cards">{children}</ul> : group ? <p className="muted round-small">{t('roundGroupEmpty')}</p> : null}
    </section>
  );
}

/** The whole column as a drop target, laid under its content. */
function DropArea({ id }: { id: string }) {
  const { setNodeRef, isOver } = useDroppable({ id });
  return <div ref={setNodeRef} className={`round-column__drop${isOver ? ' round-column__drop--over' : ''}`} aria-hidden="true" />;
}

interface CardProps {
  card: CardView;
  round: RoundView;
  mayGroup: boolean;
  facilitator: boolean;
  onMove: (target: string) => void;
  send: Rounds['send'];
}

function GroupCard({ card, round, mayGroup, facilitator, onMove, send }: CardProps) {
  const { t } = useTranslation();
  const selectId = `round-move-${card.id}`;
  const current = card.groupId ?? LOOSE;
  const [target, setTarget] = useState<string | null>(null);
  const choice = target ?? current;
  return (
    <li className={`round-card${card.mine ? ' round-card--mine' : ''}`} data-testid="round-card" data-card-id={card.id}>
      {mayGroup ? <DragHandle card={card} /> : null}
      <div className="round-card__body">
        <RoundCardText card={card} />
        {mayGroup || facilitator ? (
          <div className="round-card__controls">
            {mayGroup ? (
              <>
                <label className="visually-hidden" htmlFor={selectId}>
                  {t('roundMoveToLabel', { text: shortText(card.text) })}
                </label>
                {/* Chosen, then moved with the button: arrowing through a menu moves nothing. */}
                <select id={selectId} className="select round-card__move" value={choice} onChange={(event) => setTarget(event.target.value)} data-testid="round-move">
                  <option value={LOOSE}>{t('roundUngrouped')}</option>
                  {round.groups.map((group) => (
                    <option key={group.id} value={group.id}>
                      {group.name}
                    </option>
                  ))}
                  <option value={NEW_GROUP}>{t('roundNewGroupOption')}</option>
                </select>
                <button
                  type="button"
                  className="chip"
                  disabled={choice === current}
                  onClick={() => {
                    onMove(choice);
                    setTarget(null);
                  }}
                  aria-label={t('roundMoveCard', { text: shortText(card.text) })}
                  data-testid="round-move-button"
                >
                  {t('roundMove')}
                </button>
              </>
            ) : null}
            {facilitator ? (
              <button type="button" className="chip" onClick={() => send({ type: 'round:card:remove', cardId: card.id })} aria-label={t('roundCardRemoveLabel', { text: shortText(card.text) })}>
                {t('roundCardRemove')}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}

/** The grip a card is dragged by: pointer, touch and keyboard (space, arrows, space). */
function DragHandle({ card }: { card: CardView }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.id });
  return (
    <button
      type="button"
      ref={setNodeRef}
      className={`round-card__handle${isDragging ? ' round-card__handle--dragging' : ''}`}
      {...attributes}
      {...listeners}
      aria-label={t('roundDragHandle', { text: shortText(card.text) })}
      data-testid="round-drag"
    >
      <span aria-hidden="true">⠿</span>
    </button>
  );
}
