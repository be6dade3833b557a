use std::borrow::Cow;

use chrono::NaiveDate;

use super::read::*;
use super::write::*;
use crate::sheet::{zip, Format, SheetError, Table, MAX_COLUMNS};

fn read_all(bytes: &[u8]) -> Result<Table, SheetError> {
    read(bytes, 1_000)
}

#[test]
fn written_cells_read_back() {
    let d = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
    let book = workbook(&[
        Sheet {
            name: "Other".into(),
            rows: vec![vec![Cell::Text("not this one".into())]],
            columns: vec![],
        },
        Sheet {
            name: "claims".into(),
            rows: vec![
                vec![Cell::Heading("A".into()), Cell::Heading("B & C".into())],
                vec![],
                vec![
                    Cell::Number(123456789.0),
                    Cell::Date(d),
                    Cell::InlineText(" two\nlines ".into()),
                    Cell::Empty,
                    Cell::Number(1234.5),
                    Cell::Text("A & B <c>".into()),
                ],
            ],
            columns: vec![ColumnFormat::Text],
        },
    ]);
    let table = read_all(&book).unwrap();
    assert_eq!(table.format, Format::Xlsx);
    assert!(!table.more);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[0].number, 1);
    assert_eq!(table.rows[0].cells, vec!["A", "B & C"]);
    assert_eq!(table.rows[1].number, 3);
    assert_eq!(
        table.rows[1].cells,
        vec![
            "123456789",
            "2026-03-15",
            " two\nlines ",
            "",
            "1234.5",
            "A & B <c>"
        ]
    );
}

#[test]
fn the_first_sheet_without_a_claims_sheet() {
    let book = xlsx_from_rows(&[
        ("One", vec![vec!["x".into()]]),
        ("Two", vec![vec!["y".into()]]),
    ]);
    assert_eq!(read_all(&book).unwrap().rows[0].cells, vec!["x"]);
}

#[test]
fn refusals() {
    let sheet = || Sheet {
        name: "Claims".into(),
        rows: vec![vec![Cell::Text("a".into()), Cell::Formula("1+1".into())]],
        columns: vec![],
    };
    assert_eq!(read_all(&workbook(&[sheet()])), Err(SheetError::Formulas));
    let mut parts = workbook_parts(&[]);
    parts.push(("xl/vbaProject.bin".into(), vec![1, 2, 3]));
    assert_eq!(read_all(&zip_parts(&parts)), Err(SheetError::Macros));
    let mut parts = workbook_parts(&[]);
    parts[0].1 = String::from_utf8(parts[0].1.clone())
        .unwrap()
        .replace("sheet.main+xml", "sheet.macroEnabled.main+xml")
        .into_bytes();
    assert_eq!(read_all(&zip_parts(&parts)), Err(SheetError::Macros));
    let not_a_workbook = zip::write(&[("word/document.xml", b"<w/>")]);
    assert_eq!(read_all(&not_a_workbook), Err(SheetError::NotCsvOrXlsx));
    let many: Vec<(String, Vec<u8>)> = (0..=MAX_ENTRIES)
        .map(|i| (format!("xl/extra{i}.xml"), Vec::new()))
        .chain([("xl/workbook.xml".to_string(), Vec::new())])
        .collect();
    assert_eq!(read_all(&zip_parts(&many)), Err(SheetError::TooLargeToRead));
    assert_eq!(read_all(&workbook(&[])), Err(SheetError::Empty));
}

/// The workbook with `entry` added (or in place of the part of that name).
fn with_extra(entry: zip::RawEntry) -> Vec<u8> {
    let parts = workbook_parts(&[Sheet {
        name: "Claims".into(),
        rows: vec![vec![Cell::Text("a".into())]],
        columns: vec![],
    }]);
    let mut raw: Vec<zip::RawEntry> = parts
        .iter()
        .map(|(name, bytes)| zip::RawEntry::new(name, bytes))
        .collect();
    raw.retain(|e| e.name != entry.name);
    raw.insert(1, entry);
    zip::write_raw(&raw)
}

#[test]
fn a_zip_bomb_is_too_large_to_read() {
    // The directory tells the truth: refused before anything is unpacked.
    let bomb = zip::deflate_zeros(MAX_UNZIPPED_BYTES + 1);
    let honest = with_extra(zip::RawEntry {
        name: "xl/media/big.bin",
        method: 8,
        body: Cow::Borrowed(&bomb),
        size: (MAX_UNZIPPED_BYTES + 1) as u32,
        crc: 0,
    });
    assert!(honest.len() < 400_000);
    assert_eq!(read_all(&honest), Err(SheetError::TooLargeToRead));
    // The directory lies (the part read declares 100 bytes): the budget stops the unpacking.
    let lying = with_extra(zip::RawEntry {
        name: "[Content_Types].xml",
        method: 8,
        body: Cow::Borrowed(&bomb),
        size: 100,
        crc: 0,
    });
    assert_eq!(read_all(&lying), Err(SheetError::TooLargeToRead));
    // Within the budget, a part of zeros is not XML that reads.
    let small = zip::deflate_zeros(1000);
    let zeros = with_extra(zip::RawEntry {
        name: "[Content_Types].xml",
        method: 8,
        body: Cow::Borrowed(&small),
        size: 1000,
        crc: 0,
    });
    assert!(
        read_all(&zeros).is_ok(),
        "a part of NUL characters has no macro type"
    );
}

/// A one-sheet workbook (`Claims`) whose parts `edit` may change (name, text).
fn edited(edit: impl Fn(&str, String) -> String) -> Vec<u8> {
    let parts = workbook_parts(&[Sheet {
        name: "Claims".into(),
        rows: vec![vec![Cell::Text("a".into())]],
        columns: vec![],
    }]);
    let parts: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let text = edit(&name, text);
            (name, text.into_bytes())
        })
        .collect();
    zip_parts(&parts)
}

/// The workbook with the sheet's `<sheetData>` and the shared strings' `<si>` given.
fn with_data(sheet_data: &str, shared: &str) -> Vec<u8> {
    edited(|name, text| match name {
        "xl/worksheets/sheet1.xml" => {
            let start = text.find("<sheetData>").unwrap();
            let end = text.find("</sheetData>").unwrap() + "</sheetData>".len();
            format!(
                "{}<sheetData>{sheet_data}</sheetData>{}",
                &text[..start],
                &text[end..]
            )
        }
        "xl/sharedStrings.xml" => {
            let start = text.find("<si>").unwrap();
            let end = text.rfind("</si>").unwrap() + "</si>".len();
            format!("{}{shared}{}", &text[..start], &text[end..])
        }
        _ => text,
    })
}

#[test]
fn a_shared_string_used_by_many_cells_is_not_copied_without_end() {
    // A 1 MB shared string in every one of 256 columns of 100 rows: 25 GB of copies before.
    for filler in ["x", " "] {
        let big = filler.repeat(1024 * 1024);
        let row = |r: usize| {
            let cells: String = (0..MAX_COLUMNS)
                .map(|c| format!("<c r=\"{}\" t=\"s\"><v>0</v></c>", reference(c, r)))
                .collect();
            format!("<row r=\"{}\">{cells}</row>", r + 1)
        };
        let data: String = (0..100).map(row).collect();
        let book = with_data(&data, &format!("<si><t>{big}</t></si>"));
        let started = std::time::Instant::now();
        let result = read_all(&book);
        println!(
            "a 1 MB string of {filler:?} in 25,600 cells: {:?}",
            started.elapsed()
        );
        assert_eq!(result, Err(SheetError::TooLargeToRead));
    }
    // Within the limit, the same string in a few cells reads.
    let big = "x".repeat(1024 * 1024);
    let data =
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>0</v></c></row>";
    let table = read_all(&with_data(data, &format!("<si><t>{big}</t></si>"))).unwrap();
    assert_eq!(table.rows[0].cells, vec![big.clone(), big]);
}

#[test]
fn a_long_shared_string_table_is_kept_compactly() {
    // 2 million empty strings (10 MB of XML): 8 MB of ends, where a String each took 48 MB.
    let mut shared = "<si/>".repeat(2_000_000);
    shared.push_str("<si><t>last</t></si><si><r><t>two </t></r><r><t>runs</t></r></si>");
    let strings = shared_strings(&format!("<sst>{shared}</sst>")).unwrap();
    assert_eq!(strings.ends.len(), 2_000_002);
    assert_eq!(strings.get(0), Some(""));
    assert_eq!(strings.get(2_000_000), Some("last"));
    assert_eq!(strings.get(2_000_001), Some("two runs"));
    assert_eq!(strings.get(2_000_002), None);
    let data =
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>2000001</v></c><c t=\"s\"><v>2000000</v></c></row>";
    let table = read_all(&with_data(data, &shared)).unwrap();
    assert_eq!(table.rows[0].cells, vec!["two runs", "last"]);
}

#[test]
fn row_numbers_go_up_from_1() {
    let cell = |r: &str| format!("<c r=\"A{r}\" t=\"inlineStr\"><is><t>x</t></is></c>");
    let rows = |numbers: &[Option<&str>]| -> String {
        numbers
            .iter()
            .map(|n| match n {
                Some(n) => format!("<row r=\"{n}\">{}</row>", cell(n)),
                None => format!("<row>{}</row>", cell("1")),
            })
            .collect()
    };
    let read_rows = |numbers: &[Option<&str>]| read_all(&with_data(&rows(numbers), "<si/>"));
    let numbers = |t: Table| t.rows.iter().map(|r| r.number).collect::<Vec<_>>();
    assert_eq!(
        numbers(read_rows(&[None, Some("3"), None, Some("1048576000")]).unwrap()),
        vec![1, 3, 4, 1_048_576_000]
    );
    // Two rows 2 would be stored as two claims of one row number.
    for bad in [
        &[Some("2"), Some("2")][..],
        &[Some("3"), Some("2")],
        &[Some("0")],
        &[Some("-1")],
        &[Some("99999999999")],
        &[Some("x")],
        &[Some("4294967295"), None],
    ] {
        assert_eq!(read_rows(bad), Err(SheetError::NotCsvOrXlsx), "{bad:?}");
    }
}

#[test]
fn hostile_cells() {
    let one = |cells: &str| read_all(&with_data(&format!("<row r=\"1\">{cells}</row>"), "<si/>"));
    // Far-right columns: refused when they hold something, never a giant row.
    for r in ["XFD99999999", "IW1", "ZZZ1"] {
        let cell = format!("<c r=\"{r}\" t=\"inlineStr\"><is><t>x</t></is></c>");
        assert_eq!(one(&cell), Err(SheetError::TooLargeToRead), "{r}");
    }
    let last = "<c r=\"IV1\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"XFD1\"/>";
    assert_eq!(one(last).unwrap().rows[0].cells.len(), MAX_COLUMNS);
    // Shared and array formulas (a shared formula's later cells have an empty <f/>).
    for f in [
        "<c r=\"A1\"><f t=\"shared\" si=\"0\"/><v>1</v></c>",
        "<c r=\"A1\"><f t=\"array\" ref=\"A1:A2\">B1:B2</f><v>1</v></c>",
        "<c r=\"A1\"><x:f xmlns:x=\"y\">1+1</x:f></c>",
    ] {
        assert_eq!(one(f), Err(SheetError::Formulas), "{f}");
    }
    // A shared string index past the table, or not a number.
    assert_eq!(
        one("<c t=\"s\"><v>1</v></c>"),
        Err(SheetError::NotCsvOrXlsx)
    );
    assert_eq!(
        one("<c t=\"s\"><v>-1</v></c>"),
        Err(SheetError::NotCsvOrXlsx)
    );
    let empty = "<c r=\"A1\" t=\"s\"/><c r=\"B1\" t=\"s\"><v></v></c>\
                 <c r=\"C1\" t=\"inlineStr\"><is><t>x</t></is></c>";
    assert_eq!(one(empty).unwrap().rows[0].cells, vec!["", "", "x"]);
    // Entity-like tricks: no DOCTYPE, and references never expand.
    let doctype = edited(|name, text| {
        if name == "xl/worksheets/sheet1.xml" {
            text.replace(
                "<worksheet",
                "<!DOCTYPE w [<!ENTITY a \"aaaa\">]><worksheet",
            )
        } else {
            text
        }
    });
    assert_eq!(read_all(&doctype), Err(SheetError::NotCsvOrXlsx));
    let cell = "<c t=\"inlineStr\"><is><t>&a;&amp;amp;</t></is></c>";
    assert_eq!(one(cell).unwrap().rows[0].cells, vec!["&a;&amp;"]);
    // Text of millions of `&` without `;` (quadratic before: each `&` looked to the end).
    let ampersands = "&".repeat(8 * 1024 * 1024);
    let cell = format!("<c t=\"inlineStr\"><is><t>{ampersands}</t></is></c>");
    let started = std::time::Instant::now();
    let table = one(&cell).unwrap();
    println!("a cell of 8 MB of '&': {:?}", started.elapsed());
    assert_eq!(table.rows[0].cells[0].len(), ampersands.len());
}

#[test]
fn more_refusals() {
    // An Excel 4.0 macro sheet, by its folder or by its content type under any name.
    let mut parts = workbook_parts(&[]);
    parts.push((
        "xl/macrosheets/sheet1.xml".into(),
        b"<xm:macrosheet/>".to_vec(),
    ));
    assert_eq!(read_all(&zip_parts(&parts)), Err(SheetError::Macros));
    let typed = edited(|name, text| {
        if name == "[Content_Types].xml" {
            text.replace("</Types>", "<Override PartName=\"/xl/worksheets/sheet9.xml\" ContentType=\"application/vnd.ms-excel.macrosheet+xml\"/></Types>")
        } else {
            text
        }
    });
    assert_eq!(read_all(&typed), Err(SheetError::Macros));
    // An encrypted entry (ZIP's own encryption flag).
    let mut book = workbook(&[Sheet {
        name: "Claims".into(),
        rows: vec![vec![Cell::Text("a".into())]],
        columns: vec![],
    }]);
    let central = book
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .unwrap();
    book[central + 8] |= 1;
    assert_eq!(read_all(&book), Err(SheetError::Password));
    // Two parts of one name.
    let mut parts = workbook_parts(&[]);
    parts.push(("xl/Workbook.xml".into(), b"<workbook/>".to_vec()));
    assert_eq!(read_all(&zip_parts(&parts)), Err(SheetError::NotCsvOrXlsx));
}

#[test]
fn the_sheet_read_and_its_dates() {
    // Millions of sheets in the workbook take no memory; "Claims" is read wherever it is.
    let sheets = edited(|name, text| {
        if name == "xl/workbook.xml" {
            let many = "<sheet name=\"x\" r:id=\"rIdX\"/>".repeat(500_000);
            text.replace("<sheets>", &format!("<sheets>{many}"))
        } else {
            text
        }
    });
    assert_eq!(read_all(&sheets).unwrap().rows[0].cells, vec!["a"]);
    // The 1904 date system, as workbook.xml says.
    let d = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
    let parts = workbook_parts(&[Sheet {
        name: "Claims".into(),
        rows: vec![vec![Cell::Date(d)]],
        columns: vec![],
    }]);
    let parts: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let text = match name.as_str() {
                "xl/workbook.xml" => {
                    text.replace("<sheets>", "<workbookPr date1904=\"1\"/><sheets>")
                }
                // What a 1904 workbook stores for that day.
                "xl/worksheets/sheet1.xml" => text.replace("<v>46096</v>", "<v>44634</v>"),
                _ => text,
            };
            (name, text.into_bytes())
        })
        .collect();
    assert_eq!(
        read_all(&zip_parts(&parts)).unwrap().rows[0].cells,
        vec!["2026-03-15"]
    );
}

#[test]
fn formats_and_dates() {
    for code in [
        "yyyy-mm-dd",
        "m/d/yyyy",
        "[$-409]mmmm d, yyyy;@",
        "h:mm",
        "dd\\-mm",
    ] {
        assert!(is_date_format(code), "{code}");
    }
    for code in [
        "General",
        "0.00",
        "#,##0",
        "\"days\" 0",
        "[Red]0.00",
        "@",
        "0.00E+00",
    ] {
        assert!(!is_date_format(code), "{code}");
    }
    assert_eq!(date_text("46096", false).as_deref(), Some("2026-03-15"));
    assert_eq!(date_text("46096.75", false).as_deref(), Some("2026-03-15"));
    assert_eq!(date_text("1", false).as_deref(), Some("1900-01-01"));
    assert_eq!(date_text("61", false).as_deref(), Some("1900-03-01"));
    assert_eq!(date_text("44634", true).as_deref(), Some("2026-03-15"));
    assert_eq!(date_text("-1", false), None);
    assert_eq!(
        date_serial(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()),
        46096.0
    );
    assert_eq!(number_text("123456789"), "123456789");
    assert_eq!(number_text("1.23456789E8"), "123456789");
    assert_eq!(number_text("1234.5"), "1234.5");
    assert_eq!(number_text("0.1"), "0.1");
    assert_eq!(number_text("NaN"), "NaN");
    assert_eq!(column_of("A1"), Some(0));
    assert_eq!(column_of("AB12"), Some(27));
    assert_eq!(column_of("12"), None);
    assert_eq!(reference(27, 11), "AB12");
    assert_eq!(
        part_name("xl", "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml"
    );
    assert_eq!(part_name("xl", "/xl/s.xml"), "xl/s.xml");
    assert_eq!(part_name("xl", "../x/s.xml"), "x/s.xml");
    assert_eq!(
        unescape_xstring(Cow::Borrowed("a_x000D_b_x12_")),
        "a\rb_x12_"
    );
}
