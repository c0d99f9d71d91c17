/**
 * The layered renderer (issue 16): a practice's own templates over its procedure's overlay over
 * the defaults, compiled once at start; a missing letter falls back, a broken overlay stops the
 * start with its file named.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LetterRenderer, layersOf } from '../../src/mail-out/render.js';
import { TemplateError } from '../../src/errors/index.js';
import { sampleFor, sampleForProcedure } from '../../src/cli/templates-preview.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { practice, ZON_TEMPLATES } from '../support/practices.js';

const lux = practice('lux');
const wk = practice('wk', { preset: 'wkkgz' });
const zon = practice('zon', { preset: 'wkkgz', templatesDir: ZON_TEMPLATES });

describe('layered letter templates', () => {
  const renderer = new LetterRenderer(TEMPLATES_DIR, [lux, wk, zon]);

  it('when a practice has no overlay of its own and the lux procedure, then its letters are the defaults', () => {
    const { model } = sampleFor('acknowledgement');
    const plain = new LetterRenderer(TEMPLATES_DIR).render('acknowledgement', 'nl', model);
    expect(renderer.render('acknowledgement', 'nl', model, { practiceId: 'lux' })).to.deep.equal(plain);
    expect(layersOf(TEMPLATES_DIR, lux)).to.deep.equal([TEMPLATES_DIR]);
  });

  it('when the case is of a wkkgz practice, then the procedure overlay wins over the defaults', () => {
    const { model } = sampleForProcedure('acknowledgement', 'wkkgz');
    const text = renderer.render('acknowledgement', 'nl', model, { practiceId: 'wk' }).text;
    expect(text).to.include('art. 17 Wkkgz');
    expect(text).to.include('Binnen 6 weken na ontvangst van uw klacht, uiterlijk maandag 4 januari 2027');
    expect(text).not.to.match(/art\. (5|6|7|8|12)\b/);
  });

  it('when the overlay has no version of a letter, then the default is used, with the overlay\'s partials', () => {
    const { model } = sampleForProcedure('added-to-case', 'wkkgz');
    const text = renderer.render('added-to-case', 'nl', model, { practiceId: 'wk' }).text;
    const plain = renderer.render('added-to-case', 'nl', model).text;
    expect(plain).to.include('art. 5 klachtenprocedure');
    // Its body is the default's; its confidentiality line the Wkkgz overlay's.
    expect(text).to.include('volgens de klachtenregeling van Praktijk LUX');
    expect(text).not.to.include('art. 5 klachtenprocedure');
  });

  it("when a practice has its own folder, then its letter wins over its procedure's and the defaults", () => {
    const { model } = sampleForProcedure('acknowledgement', 'wkkgz');
    const out = renderer.render('acknowledgement', 'nl', { ...model, practiceName: 'Praktijk ZON' }, { practiceId: 'zon' });
    expect(out.subject).to.equal('Wij hebben uw klacht ontvangen');
    expect(out.text).to.include('Klachtencommissaris, namens Praktijk ZON');
    expect(out.html).to.include('namens Praktijk ZON');
    // A letter it does not reword comes from the Wkkgz overlay, signed with its own signature.
    const ruling = renderer.render('ruling', 'nl', sampleForProcedure('ruling', 'wkkgz').model, { practiceId: 'zon' }).text;
    expect(ruling).to.include('art. 18 Wkkgz');
    expect(ruling).to.include('Met hartelijke groet,');
  });

  it('when an overlay has labels.json, then its labels are merged over the ones below, key by key', () => {
    expect(renderer.label('nl', 'deadline', 'present', { practiceId: 'zon' })).to.equal('voorleggen aan de zorgverlener');
    expect(renderer.label('nl', 'deadline', 'handle', { practiceId: 'zon' })).to.equal('afhandeling van de klacht (art. 17 Wkkgz)');
    expect(renderer.label('nl', 'deadline', 'handle', { practiceId: 'lux' })).to.equal('afhandeling van de klacht (art. 12)');
    expect(renderer.label('nl', 'state', 'received', { practiceId: 'zon' })).to.equal(renderer.label('nl', 'state', 'received'));
  });

  it('when the practice is unknown or the case is held (no practice), then the defaults render', () => {
    const { model } = sampleFor('acknowledgement');
    const plain = renderer.render('acknowledgement', 'nl', model);
    expect(renderer.render('acknowledgement', 'nl', model, { practiceId: 'nope' })).to.deep.equal(plain);
    expect(renderer.render('acknowledgement', 'nl', model, { practiceId: null })).to.deep.equal(plain);
  });

  it('when two practices have the same layers, then they share one compiled set', () => {
    const r = new LetterRenderer(TEMPLATES_DIR, [wk, practice('wk2', { preset: 'wkkgz' }), lux]);
    expect((r as unknown as { stacks: Map<string, unknown> }).stacks.size).to.equal(2);
  });

  describe('a broken overlay stops the start, naming its file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'overlay-'));
      mkdirSync(join(dir, 'nl', 'partials'), { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const build = () => new LetterRenderer(TEMPLATES_DIR, [practice('bad', { templatesDir: dir })]);

    it('when a template does not compile', () => {
      writeFileSync(join(dir, 'nl', 'acknowledgement.txt.hbs'), 'Subject: x\n\n{{#if klagerName}}zonder einde\n');
      writeFileSync(join(dir, 'nl', 'acknowledgement.html.hbs'), '<p>x</p>');
      expect(build).to.throw(TemplateError, `${join(dir, 'nl', 'acknowledgement.txt.hbs')} does not compile`);
    });

    it('when a partial does not compile', () => {
      writeFileSync(join(dir, 'nl', 'partials', 'signature.html.hbs'), '<p>{{commissionerName</p>');
      expect(build).to.throw(TemplateError, join(dir, 'nl', 'partials', 'signature.html.hbs'));
    });

    it('when a text template has no HTML beside it', () => {
      writeFileSync(join(dir, 'nl', 'ruling.txt.hbs'), 'Subject: x\n\ny\n');
      expect(build).to.throw(TemplateError, `${join(dir, 'nl', 'ruling.txt.hbs')} has no ruling.html.hbs beside it`);
    });

    it('when an HTML template has no text beside it', () => {
      writeFileSync(join(dir, 'nl', 'ruling.html.hbs'), '<p>y</p>');
      expect(build).to.throw(TemplateError, `${join(dir, 'nl', 'ruling.html.hbs')} has no ruling.txt.hbs beside it`);
    });

    it('when a file rewords no letter (a misspelt name)', () => {
      writeFileSync(join(dir, 'nl', 'acknowledgment.txt.hbs'), 'Subject: x\n\ny\n');
      writeFileSync(join(dir, 'nl', 'acknowledgment.html.hbs'), '<p>y</p>');
      expect(build).to.throw(TemplateError, 'acknowledgment.txt.hbs rewords no letter');
    });

    it('when labels.json is not JSON', () => {
      writeFileSync(join(dir, 'nl', 'labels.json'), '{ "deadline": ');
      expect(build).to.throw(TemplateError, `${join(dir, 'nl', 'labels.json')} is not valid JSON`);
    });

    it('when the subject line is missing', () => {
      writeFileSync(join(dir, 'nl', 'ruling.txt.hbs'), 'Uitspraak\n');
      writeFileSync(join(dir, 'nl', 'ruling.html.hbs'), '<p>y</p>');
      expect(build).to.throw(TemplateError, `${join(dir, 'nl', 'ruling.txt.hbs')} must start with "Subject: …"`);
    });

    it('when the overlay is sound, then the same folder builds (the checks above can pass)', () => {
      writeFileSync(join(dir, 'nl', 'labels.json'), '{ "deadline": { "ack": "bevestiging" } }');
      expect(build().label('nl', 'deadline', 'ack', { practiceId: 'bad' })).to.equal('bevestiging');
    });
  });
});
