import type { Language } from './docLayout';
import { EXPORT_FORMAT, blankZone, zoneFields, type CanvasExport, type RichNode, type ZoneDoc, type ZoneValue } from './exportFormat';
import { renderZone, zoneColumns, type KindRenderers, type ZoneKind } from './zones';

// Small builders for ProseMirror JSON, so templates read like the canvas they describe.
type Inline = string | RichNode;

function text(value: string, ...marks: string[]): RichNode {
  return marks.length > 0 ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) } : { type: 'text', text: value };
}

function paragraph(...inline: Inline[]): RichNode {
  const content = inline.map((i) => (typeof i === 'string' ? text(i) : i)).filter((n) => n.text !== '');
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function bulletList(...items: Inline[][]): RichNode {
  return { type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [paragraph(...i)] })) };
}

function doc(...content: RichNode[]): ZoneDoc {
  return { type: 'doc', content };
}

function cell(type: 'tableHeader' | 'tableCell', value: string): RichNode {
  return { type, attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [paragraph(value)] };
}

/** An action plan table: the header row in the canvas language, then the given rows. */
export function actionTable(language: Language, rows: readonly (readonly [string, string, string])[]): RichNode {
  return headedTable(zoneColumns(language, 'actions'), rows);
}

/** A table: a header row of `columns`, then the given rows. */
function headedTable(columns: readonly string[], rows: readonly (readonly string[])[]): RichNode {
  return {
    type: 'table',
    content: [
      { type: 'tableRow', content: columns.map((h) => cell('tableHeader', h)) },
      ...rows.map((row) => ({ type: 'tableRow', content: row.map((v) => cell('tableCell', v)) })),
    ],
  };
}

/** Each kind's content in a new canvas. */
const BLANK: KindRenderers<[language: Language], ZoneValue<ZoneKind>> = {
  richText: () => blankZone(),
  pillars: () => [0, 1, 2].map(() => ({ title: '', body: blankZone() })),
  table: (zone, language) => doc(headedTable(zone.columns[language], [zone.columns[language].map(() => '')])),
};

/** A new, empty canvas: every zone blank, three empty pillars, a table with one empty row. */
export function blankCanvas(language: Language, title = ''): CanvasExport {
  return {
    format: EXPORT_FORMAT,
    title,
    subtitle: '',
    language,
    ...zoneFields((zone) => renderZone(BLANK, zone, language)),
  };
}

/** The example canvas: a municipality improving its online services. */
export function exampleCanvas(language: Language, title?: string): CanvasExport {
  return language === 'en' ? exampleEn(title) : exampleNl(title);
}

function exampleNl(title = 'Digitale dienstverlening 2027'): CanvasExport {
  return {
    format: EXPORT_FORMAT,
    title,
    subtitle: 'Gemeente Lindewaard · team Dienstverlening · 2026–2027',
    language: 'nl',
    horizon: doc(
      paragraph('In december 2027 geven inwoners en ondernemers onze ', text('online dienstverlening', 'bold'), ' gemiddeld een ', text('8 of hoger', 'bold'), '.'),
      paragraph(text('Nu: 6,4 (klantonderzoek voorjaar 2026). Twee op de drie aanvragen gaan dan volledig digitaal, zonder dat iemand ons hoeft te bellen.', 'italic')),
    ),
    obstacles: doc(
      bulletList(
        ['Online werk gebeurt alleen ', text('in projecten', 'italic'), ': na de oplevering is er geen structurele capaciteit voor onderhoud en verbetering.'],
        ['Formulieren zijn per afdeling gebouwd; inwoners vullen dezelfde gegevens drie keer in.'],
        ['We weten weinig van onze gebruikers: klachten komen binnen, maar worden niet geëvalueerd.'],
        ['Verouderde koppelingen met het zaaksysteem; elke wijziging kost een leverancier weken.'],
        ['Taal op de website is ambtelijk; B1-niveau wordt niet gehaald.'],
      ),
    ),
    pillars: [
      {
        title: 'Kennis van de inwoner',
        body: doc(
          paragraph('We meten tevredenheid per dienst en praten elk kwartaal met inwoners.'),
          bulletList(['Klantreizen voor de 10 meest gebruikte diensten'], ['Teksten op ', text('B1-niveau', 'bold')], ['Hulp aan de balie, ook ’s avonds']),
        ),
      },
      {
        title: 'Team digitale dienstverlening',
        body: doc(
          paragraph('Een vast, multidisciplinair team (product owner, ontwerper, ontwikkelaars, redacteur) in plaats van losse projecten.'),
        ),
      },
      {
        title: 'Technologie die meebeweegt',
        body: doc(
          paragraph('Eén formulierenplatform, open standaarden (Common Ground) en koppelingen die we zelf kunnen aanpassen.'),
        ),
      },
    ],
    actions: doc(
      actionTable('nl', [
        ['Nulmeting tevredenheid per dienst en publicatie op de website', 'Afdeling Onderzoek', 'Q1 2027'],
        ['Team digitale dienstverlening formeren (4,5 fte structureel)', 'Directeur Dienstverlening', 'Q1 2027'],
        ['Top-10 formulieren herschrijven op B1 en samenvoegen in één platform', 'Team digitaal + redactie', 'Q2 2027'],
        ['Koppeling met het zaaksysteem vernieuwen (aanbesteding € 120.000)', 'Informatiemanager', 'Q3 2027'],
        ['Inwonerspanel van 40 deelnemers starten; rapportage aan de raad', 'Wethouder en team', 'Q4 2027'],
      ]),
    ),
  };
}

function exampleEn(title = 'Digital services 2027'): CanvasExport {
  return {
    format: EXPORT_FORMAT,
    title,
    subtitle: 'Municipality of Lindewaard · Services team · 2026–2027',
    language: 'en',
    horizon: doc(
      paragraph('By December 2027 residents and businesses rate our ', text('online services', 'bold'), ' ', text('8 or higher', 'bold'), ' on average.'),
      paragraph(text('Today: 6.4 (spring 2026 survey). Two in three requests are then fully digital, with no phone call needed.', 'italic')),
    ),
    obstacles: doc(
      bulletList(
        ['Online work only happens ', text('in projects', 'italic'), ': after delivery there is no structural capacity to maintain and improve it.'],
        ['Each department built its own forms; residents enter the same data three times.'],
        ['We know little about our users: complaints arrive, but nobody analyses them.'],
        ['Outdated links to the case system; every change takes a supplier weeks.'],
      ),
    ),
    pillars: [
      { title: 'Knowing our residents', body: doc(paragraph('We measure satisfaction per service and talk with residents every quarter.')) },
      { title: 'Digital services team', body: doc(paragraph('A permanent, multidisciplinary team instead of one-off projects.')) },
      { title: 'Technology that adapts', body: doc(paragraph('One forms platform, open standards and integrations we can change ourselves.')) },
    ],
    actions: doc(
      actionTable('en', [
        ['Baseline satisfaction per service, published on the website', 'Research department', 'Q1 2027'],
        ['Form the digital services team (4.5 FTE, permanent)', 'Director of Services', 'Q1 2027'],
        ['Rewrite the top 10 forms in plain language on one platform', 'Digital team + editors', 'Q2 2027'],
        ['Replace the case-system integration (tender € 120,000)', 'Information manager', 'Q3 2027'],
        ['Start a residents’ panel of 40; report to the council', 'Alderman and team', 'Q4 2027'],
      ]),
    ),
  };
}
