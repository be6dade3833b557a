// Filled-in claims templates (docs/claims.md) for the end-to-end test and the bench, made in
// memory: the rows as the template wants them, as CSV or as XLSX. The XLSX writer needs nothing
// but Node's zlib (deflate and CRC-32): one sheet of text and number cells, its strings in
// xl/sharedStrings.xml as Excel writes them.
//
//   import { claimsRows, csv, xlsx } from './claims_files.mjs';
//   const rows = claimsRows(100, { mco: 'Aetna Better Health of Illinois', ... });
//   const bytes = xlsx('Claims', rows);

import { deflateRawSync, crc32 } from 'node:zlib';
import { daysAgo } from './support.mjs';

function escapeXml(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `A`, `B`, ..., `Z`, `AA`, ... for a 0-based column. */
function columnName(index) {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** A ZIP archive (PKWARE APPNOTE 6.3): each entry deflated, local headers then the directory. */
function zip(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const raw = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(raw);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(raw) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time and date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, packed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by
    dir.writeUInt16LE(20, 6); // needed
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(0, 12);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(raw.length, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    // extra, comment, disk, internal and external attributes: 0
    dir.writeUInt32LE(offset, 42);
    central.push(dir, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

/**
 * An XLSX workbook with one sheet named `sheetName`: `rows` is an array of rows, each an array of
 * cells; a string is a text cell (shared string), a number a number cell, '' or null an empty cell.
 */
export function xlsx(sheetName, rows) {
  const strings = [];
  const stringIndex = new Map();
  const shared = (text) => {
    if (!stringIndex.has(text)) {
      stringIndex.set(text, strings.length);
      strings.push(text);
    }
    return stringIndex.get(text);
  };
  const sheetRows = rows
    .map((cells, r) => {
      const xmlCells = cells
        .map((value, c) => {
          const ref = `${columnName(c)}${r + 1}`;
          if (value === '' || value === null || value === undefined) return '';
          if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
          return `<c r="${ref}" t="s"><v>${shared(String(value))}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${xmlCells}</row>`;
    })
    .join('');
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const pkg = 'http://schemas.openxmlformats.org/package/2006';
  return zip([
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
        `<Types xmlns="${pkg}/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
        `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
        `</Types>`,
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
        `<Relationships xmlns="${pkg}/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/>` +
        `</Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
        `<workbook xmlns="${ns}" xmlns:r="${rel}"><sheets>` +
        `<sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/>` +
        `</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
        `<Relationships xmlns="${pkg}/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` +
        `</Relationships>`,
    ],
    [
      'xl/worksheets/sheet1.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
        `<worksheet xmlns="${ns}"><sheetData>${sheetRows}</sheetData></worksheet>`,
    ],
    [
      'xl/sharedStrings.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
        `<sst xmlns="${ns}" count="${strings.length}" uniqueCount="${strings.length}">` +
        strings.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('') +
        `</sst>`,
    ],
  ]);
}

/** The template's headings, in its order. */
export const HEADINGS = [
  'MCO',
  'Provider Medicaid ID',
  'Tax ID',
  'Location address',
  'Complaint type',
  'Member first name',
  'Member last name',
  'Recipient ID (RIN)',
  'First date of service',
  'Last date of service',
  'Claim number',
  'Billed amount',
  'Paid amount',
  'MCO tracking number',
  'Date the MCO received the dispute',
  'Issue',
];

/** The Illinois date `days` days before now, `YYYY-MM-DD`. */
export function isoDaysAgo(days) {
  const [month, day, year] = daysAgo(days);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The 9-digit RIN of claim `i` (0-based): `101006789`, `102006789`, ...; lists show `•••••6789`. */
export function rinOf(i) {
  return String(100_000_000 + (i + 1) * 1_000_000 + 6789);
}

/**
 * The heading row and `count` claim rows of one ticket: `ticket` gives the MCO's name, the
 * facility's Provider Medicaid ID and the complaint type's label. The dispute reached the MCO 40
 * days ago (its filing window is open), the services 50 days ago. `prefix` makes the claim
 * numbers unique to a run.
 */
export function claimsRows(count, ticket, prefix = 'CLM') {
  const rows = [HEADINGS];
  for (let i = 0; i < count; i++) {
    rows.push([
      ticket.mco,
      ticket.medicaidId,
      '36-1234567',
      '1200 Prairie Avenue, Springfield, IL 62701',
      ticket.complaintType,
      `Member${i + 1}`,
      'Rivera',
      rinOf(i),
      isoDaysAgo(50),
      '',
      `${prefix}-${String(i + 1).padStart(4, '0')}`,
      `${1000 + i}.50`,
      '0',
      `TRK-${prefix}-${i + 1}`,
      isoDaysAgo(40),
      'Denied as a duplicate; it is not one.',
    ]);
  }
  return rows;
}

/** RFC 4180 text of `rows` (CRLF line ends; cells quoted when they need it). */
export function csv(rows) {
  const cell = (value) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return Buffer.from(rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n', 'utf8');
}
