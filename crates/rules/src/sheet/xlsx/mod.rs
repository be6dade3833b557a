//! XLSX workbooks (ECMA-376, SpreadsheetML): reading one sheet as a table of text, and writing
//! small workbooks (the blank claims template; the tests' files).
//!
//! Read: `xl/workbook.xml` (the sheets, the 1904 date system), `xl/_rels/workbook.xml.rels`,
//! `xl/sharedStrings.xml`, `xl/styles.xml` (which cells are dates) and the sheet named `Claims`, or
//! else the first. Refused: macros (`xl/vbaProject.bin`, a macro-enabled content type), a formula
//! cell in the sheet read, more than [`MAX_ENTRIES`] ZIP entries, more than
//! [`MAX_UNZIPPED_BYTES`] unpacked.
//!
//! Split along its jobs: [`read`] and [`write`].

pub mod read;
pub mod write;

// The public paths of `rules::sheet::xlsx`, as they were before the split.
pub(crate) use read::read;
pub use read::{MAX_CELL_TEXT_BYTES, MAX_ENTRIES, MAX_UNZIPPED_BYTES, PREFERRED_SHEET};
pub use write::{
    date_serial, workbook, workbook_parts, xlsx_from_rows, zip_parts, Cell, ColumnFormat, Sheet,
};

#[cfg(test)]
mod tests;
