import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { csvCell, csvRow, neutraliseFormula, toCsv } from '../../src/domain/csv.ts'

describe('neutraliseFormula', () => {
  it('puts an apostrophe before anything a spreadsheet could run', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      assert.equal(neutraliseFormula(`${start}1+1`), `'${start}1+1`, JSON.stringify(start))
    }
    assert.equal(neutraliseFormula('=HYPERLINK("http://evil")'), `'=HYPERLINK("http://evil")`)
  })

  it('leaves other text alone, including those characters later on', () => {
    for (const text of ['Ada Lovelace', 'a=b', 'x-ray', "'already quoted", '', ' =spaced']) {
      assert.equal(neutraliseFormula(text), text)
    }
  })
})

describe('csvCell', () => {
  it('quotes only cells with a comma, a double quote or a line break, doubling the quotes', () => {
    assert.equal(csvCell('plain'), 'plain')
    assert.equal(csvCell('Smith, Jo'), '"Smith, Jo"')
    assert.equal(csvCell('say "hi"'), '"say ""hi"""')
    assert.equal(csvCell('two\nlines'), '"two\nlines"')
    assert.equal(csvCell('two\r\nlines'), '"two\r\nlines"')
  })

  it('neutralises before quoting', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil")'), `"'=HYPERLINK(""http://evil"")"`)
    assert.equal(csvCell('=1+2'), `'=1+2`)
    assert.equal(csvCell('\r=1'), `"'\r=1"`)
    assert.equal(csvCell('@SUM(A1:A2),x'), `"'@SUM(A1:A2),x"`)
  })

  it('writes numbers as numbers, and nothing for a missing value', () => {
    assert.equal(csvCell(42), '42')
    assert.equal(csvCell(3.5), '3.5')
    assert.equal(csvCell(-1), '-1')
    assert.equal(csvCell(Number.NaN), '')
    assert.equal(csvCell(null), '')
    assert.equal(csvCell(undefined), '')
  })
})

describe('csvRow and toCsv', () => {
  it('joins cells with commas and ends every line with CRLF', () => {
    assert.equal(csvRow(['a', 'b,c', null, 1]), 'a,"b,c",,1')
    assert.equal(toCsv(['Name', 'Count'], [['=cmd', 2], ['Jo "JJ" Bloggs', null]]), `Name,Count\r\n'=cmd,2\r\n"Jo ""JJ"" Bloggs",\r\n`)
    assert.equal(toCsv(['Only'], []), 'Only\r\n')
  })
})
