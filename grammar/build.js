#!/usr/bin/env node
// Generates astral.tmLanguage.json from the rule definitions below.
//
//   node build.js          write astral.tmLanguage.json
//   node build.js --check  exit 1 if astral.tmLanguage.json is not what this script generates
//
// The grammar is written here rather than by hand in JSON so that regular expressions can be
// written with String.raw (no double escaping) and the repeated shapes (one rule per embedded
// style/script language) are generated. Edit this file, then run `node build.js`.
'use strict';

const fs = require('fs');
const path = require('path');

const r = String.raw;

// ---------------------------------------------------------------------------------------------
// Names

// A component: capitalised (`Card`, `Fragment`) or dotted (`ui.Button`, `Astro.Foo`).
const COMPONENT = r`(?:[A-Z][\w$]*(?:[.:-][\w$]+)*|[a-z_$][\w$-]*(?:\.[\w$-]+)+)`;
// An HTML (or SVG / custom) element: lowercase first letter, no dots.
const ELEMENT = r`[a-z][\w]*(?:[:-][\w]+)*`;
// Where a tag name stops.
const NAME_END = r`(?=[\s/>]|$)`;
// Where a closing tag `</name` for a fixed name starts.
const closeTag = (name) => r`</${name}(?:[\s/>]|$)`;

// Directive namespaces that get their own scope (SPEC §3 "Directives").
const DIRECTIVE_NAMESPACES = ['client', 'server', 'set', 'is', 'define', 'class'];

// ---------------------------------------------------------------------------------------------
// Scopes

const S = {
  tagBegin: 'punctuation.definition.tag.begin.astral',
  tagEnd: 'punctuation.definition.tag.end.astral',
  tagName: 'entity.name.tag.astral',
  component: 'support.class.component.astral',
  startTag: 'meta.tag.start.astral',
  endTag: 'meta.tag.end.astral',
  attrName: 'entity.other.attribute-name.astral',
  exprBegin: 'punctuation.section.embedded.begin.astral',
  exprEnd: 'punctuation.section.embedded.end.astral',
  expr: 'meta.embedded.expression.astral',
  block: 'meta.embedded.block.astral',
};

const tagCaptures = (nameScope) => ({
  1: { name: S.tagBegin },
  2: { name: nameScope },
});

// ---------------------------------------------------------------------------------------------
// Rules for elements whose content is not ordinary template markup.

// <script> / <style>: the start tag, then the body in another language until `</tag`.
// `lookahead` (applied right after the tag name) picks the language from an attribute on the
// start tag's first line.
function embeddedElement(tag, lookahead, scope, include) {
  return {
    begin: r`(<)(${tag})${NAME_END}${lookahead}`,
    beginCaptures: {
      0: { name: S.startTag },
      ...tagCaptures(S.tagName),
    },
    // Self-closing (`<script src="x" />`), or the closing tag (consumed by #end-tag).
    end: r`(?<=/>)|(?=${closeTag(tag)})`,
    patterns: [
      { include: '#start-tag-rest' },
      {
        // Not when the element is empty: a zero-width begin and end at one position would stop
        // the tokenizer for the rest of the line.
        begin: r`(?<=>)(?!${closeTag(tag)})`,
        end: r`(?=${closeTag(tag)})`,
        name: S.block,
        contentName: scope,
        patterns: [{ include }],
      },
    ],
  };
}

const scriptJson = r`(?=[^>]*?\stype\s*=\s*["']?(?:application/(?:ld\+)?json|importmap|speculationrules)["'\s/>])`;
const styleLang = (lang) => r`(?=[^>]*?\slang\s*=\s*["']?${lang}["'\s/>])`;

// An element whose content is taken as text (`is:raw`; `title` and `textarea`, which take
// text and expressions but no tags). Not when self-closing: then it has no content.
// One rule for components and one for elements (a capture with its own patterns would lose
// the `meta.tag.start` scope of the whole match).
function textElement(names, lookahead, name, contentPatterns) {
  return {
    patterns: names.map(([nameRegex, nameScope]) => ({
      begin: r`(<)(${nameRegex})${NAME_END}${lookahead}(?![^>]*?/>)`,
      beginCaptures: {
        0: { name: S.startTag },
        ...tagCaptures(nameScope),
      },
      end: r`(?=</\2(?:[\s/>]|$))`,
      name,
      patterns: [{ include: '#start-tag-rest' }, ...contentPatterns],
    })),
  };
}

// ---------------------------------------------------------------------------------------------

const grammar = {
  name: 'Astral',
  scopeName: 'source.astral',
  fileTypes: ['astral'],
  patterns: [{ include: '#frontmatter' }, { include: '#template' }],
  repository: {
    // -------------------------------------------------------------------------------------
    // Frontmatter: `---` on the first non-blank line, TypeScript until a line that is `---`.
    frontmatter: {
      // Starts only if the first line is blank or is the fence itself.
      begin: r`\A(?=\s*$|[ \t]*---[ \t]*$)`,
      // Leading blank lines; ends at the first other text, or right after the closing fence.
      end: r`(?=\S)|(?<=---)`,
      applyEndPatternLast: 1,
      patterns: [
        {
          begin: r`^[ \t]*(---)[ \t]*$`,
          beginCaptures: { 1: { name: 'punctuation.definition.tag.frontmatter.begin.astral' } },
          end: r`^[ \t]*(---)`,
          endCaptures: { 1: { name: 'punctuation.definition.tag.frontmatter.end.astral' } },
          name: 'meta.frontmatter.astral',
          patterns: [
            {
              // A `while` rule: the closing fence ends the TypeScript even when a construct in
              // it is left open (an unclosed brace or string while typing).
              begin: '^',
              while: r`^(?![ \t]*---[ \t]*$)`,
              name: S.block,
              contentName: 'source.ts',
              patterns: [{ include: 'source.ts' }],
            },
          ],
        },
      ],
    },

    // -------------------------------------------------------------------------------------
    template: {
      patterns: [
        { include: '#comment' },
        { include: '#doctype' },
        { include: '#script-element' },
        { include: '#style-element' },
        { include: '#raw-element' },
        { include: '#text-element' },
        { include: '#fragment' },
        { include: '#end-tag' },
        { include: '#start-tag' },
        { include: '#expression' },
        { include: '#entity' },
      ],
    },

    comment: {
      begin: '<!--',
      beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.astral' } },
      end: '-->',
      endCaptures: { 0: { name: 'punctuation.definition.comment.end.astral' } },
      name: 'comment.block.astral',
    },

    doctype: {
      begin: r`(<!)((?i:doctype))(?=[\s>]|$)`,
      beginCaptures: {
        1: { name: S.tagBegin },
        2: { name: 'entity.name.tag.doctype.astral' },
      },
      end: '>',
      endCaptures: { 0: { name: S.tagEnd } },
      name: 'meta.tag.metadata.doctype.astral',
      patterns: [{ match: r`[^\s>]+`, name: 'entity.other.attribute-name.astral' }],
    },

    entity: {
      patterns: [
        {
          match: r`(&)([A-Za-z][A-Za-z0-9]*)(;)`,
          captures: {
            1: { name: 'punctuation.definition.entity.astral' },
            3: { name: 'punctuation.definition.entity.astral' },
          },
          name: 'constant.character.entity.named.astral',
        },
        {
          match: r`(&)(#[xX])(\h+)(;)`,
          captures: {
            1: { name: 'punctuation.definition.entity.astral' },
            4: { name: 'punctuation.definition.entity.astral' },
          },
          name: 'constant.character.entity.numeric.hexadecimal.astral',
        },
        {
          match: r`(&)(#)([0-9]+)(;)`,
          captures: {
            1: { name: 'punctuation.definition.entity.astral' },
            4: { name: 'punctuation.definition.entity.astral' },
          },
          name: 'constant.character.entity.numeric.decimal.astral',
        },
      ],
    },

    // `{expr}` in text and attribute values: TSX, so markup inside expressions
    // (`{items.map((i) => <li>{i}</li>)}`) and nested braces are handled by TSX and the
    // expression ends at its own `}`.
    expression: {
      begin: r`\{`,
      beginCaptures: { 0: { name: S.exprBegin } },
      end: r`\}`,
      endCaptures: { 0: { name: S.exprEnd } },
      name: S.expr,
      contentName: 'source.tsx',
      patterns: [{ include: 'source.tsx#expression' }],
    },

    fragment: {
      patterns: [
        {
          match: r`(<)(>)`,
          captures: { 1: { name: S.tagBegin }, 2: { name: S.tagEnd } },
          name: 'meta.tag.start.fragment.astral',
        },
        {
          match: r`(</)(>)`,
          captures: { 1: { name: S.tagBegin }, 2: { name: S.tagEnd } },
          name: 'meta.tag.end.fragment.astral',
        },
      ],
    },

    'start-tag': {
      patterns: [
        {
          begin: r`(<)(${COMPONENT})${NAME_END}`,
          beginCaptures: tagCaptures(S.component),
          end: r`(/?>)|(?=<)`,
          endCaptures: { 1: { name: S.tagEnd } },
          name: S.startTag,
          patterns: [{ include: '#attributes' }],
        },
        {
          begin: r`(<)(${ELEMENT})${NAME_END}`,
          beginCaptures: tagCaptures(S.tagName),
          end: r`(/?>)|(?=<)`,
          endCaptures: { 1: { name: S.tagEnd } },
          name: S.startTag,
          patterns: [{ include: '#attributes' }],
        },
      ],
    },

    // The attributes and the `>` of a start tag whose `<name` a rule has already matched.
    'start-tag-rest': {
      begin: r`\G`,
      end: r`(/?>)|(?=<)`,
      endCaptures: { 1: { name: S.tagEnd } },
      name: S.startTag,
      patterns: [{ include: '#attributes' }],
    },

    'end-tag': {
      patterns: [
        {
          begin: r`(</)(${COMPONENT})${NAME_END}`,
          beginCaptures: tagCaptures(S.component),
          end: r`(>)|(?=[^\s>])`,
          endCaptures: { 1: { name: S.tagEnd } },
          name: S.endTag,
        },
        {
          begin: r`(</)(${ELEMENT})${NAME_END}`,
          beginCaptures: tagCaptures(S.tagName),
          end: r`(>)|(?=[^\s>])`,
          endCaptures: { 1: { name: S.tagEnd } },
          name: S.endTag,
        },
      ],
    },

    'script-element': {
      patterns: [
        embeddedElement('script', scriptJson, 'source.json', 'source.json'),
        embeddedElement('script', '', 'source.ts', 'source.ts'),
      ],
    },

    'style-element': {
      patterns: [
        embeddedElement('style', styleLang('scss'), 'source.css.scss', 'source.css.scss'),
        embeddedElement('style', styleLang('less'), 'source.css.less', 'source.css.less'),
        embeddedElement('style', '', 'source.css', 'source.css'),
      ],
    },

    // `is:raw` on the start tag's first line: the content is literal text up to `</name`.
    'raw-element': textElement(
      [
        [COMPONENT, S.component],
        [ELEMENT, S.tagName],
      ],
      r`(?=[^>]*?\sis:raw(?![\w:-]))`,
      'meta.element.raw.astral',
      [{ match: r`[^<]+|<`, name: 'meta.raw.astral' }],
    ),

    // `title` and `textarea`: text, entities and expressions; no tags.
    'text-element': textElement([['title|textarea', S.tagName]], '', 'meta.element.text.astral', [
      { include: '#expression' },
      { include: '#entity' },
    ]),

    // ---------------------------------------------------------------------------------------
    // Attributes

    attributes: {
      patterns: [
        { include: '#attribute-directive' },
        { include: '#attribute-spread' },
        { include: '#attribute-shorthand' },
        { include: '#attribute-name' },
        { include: '#attribute-value' },
      ],
    },

    'attribute-directive': {
      match: r`(${DIRECTIVE_NAMESPACES.join('|')})(:)([A-Za-z][\w-]*)(?![^\s=/>])`,
      name: 'entity.other.attribute-name.directive.astral',
      captures: {
        1: { name: 'entity.other.attribute-name.namespace.astral' },
        2: { name: 'punctuation.separator.namespace.astral' },
        3: { name: 'entity.other.attribute-name.localname.astral' },
      },
    },

    'attribute-spread': {
      begin: r`\{(?=\s*\.\.\.)`,
      beginCaptures: { 0: { name: S.exprBegin } },
      end: r`\}`,
      endCaptures: { 0: { name: S.exprEnd } },
      name: `meta.attribute.spread.astral ${S.expr}`,
      contentName: 'source.tsx',
      patterns: [{ include: 'source.tsx#expression' }],
    },

    'attribute-shorthand': {
      begin: r`\{`,
      beginCaptures: { 0: { name: S.exprBegin } },
      end: r`\}`,
      endCaptures: { 0: { name: S.exprEnd } },
      name: `meta.attribute.shorthand.astral ${S.expr}`,
      contentName: 'source.tsx',
      patterns: [{ include: 'source.tsx#expression' }],
    },

    'attribute-name': {
      match: r`[^\s"'<>/=\{\}` + '`' + r`]+`,
      name: S.attrName,
    },

    // `=` and the value after it.
    'attribute-value': {
      begin: '=',
      beginCaptures: { 0: { name: 'punctuation.separator.key-value.astral' } },
      // After the value (any consumed character other than `=` or space), or at the end of
      // the tag when the value is missing.
      end: r`(?<=[^\s=])|(?=/?>)|(?=<)`,
      patterns: [
        { include: '#expression' },
        {
          begin: '"',
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.astral' } },
          end: '"',
          endCaptures: { 0: { name: 'punctuation.definition.string.end.astral' } },
          name: 'string.quoted.double.astral',
          patterns: [{ include: '#entity' }],
        },
        {
          begin: "'",
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.astral' } },
          end: "'",
          endCaptures: { 0: { name: 'punctuation.definition.string.end.astral' } },
          name: 'string.quoted.single.astral',
          patterns: [{ include: '#entity' }],
        },
        {
          begin: '`',
          beginCaptures: { 0: { name: 'punctuation.definition.string.template.begin.astral' } },
          end: '`',
          endCaptures: { 0: { name: 'punctuation.definition.string.template.end.astral' } },
          name: 'string.template.astral',
          patterns: [
            { include: 'source.tsx#template-substitution-element' },
            { include: 'source.tsx#string-character-escape' },
          ],
        },
        {
          // As in HTML (and astc's lexer), a `/` before `>` belongs to the value:
          // `<a href=/about/>` is not self-closing.
          match: r`[^\s"'=<>` + '`' + r`{}]+`,
          name: 'string.unquoted.astral',
        },
      ],
    },
  },
};

// ---------------------------------------------------------------------------------------------

const out = path.join(__dirname, 'astral.tmLanguage.json');
const text = JSON.stringify(grammar, null, 2) + '\n';

if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error('astral.tmLanguage.json is out of date: run `node build.js` in grammar/');
    process.exit(1);
  }
  console.log('astral.tmLanguage.json is up to date');
} else {
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
}
