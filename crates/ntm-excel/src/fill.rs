//! A template filled by a program, as an official fills it in a spreadsheet: values written into
//! the cells of a workbook this crate wrote, everything else kept byte for byte. Used by the
//! tests (a template filled, then imported) and the benchmark (a 50,000-row workbook).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

/// What to put in a cell.
#[derive(Clone, Debug, PartialEq)]
pub enum CellInput {
    Number(f64),
    Text(String),
    Bool(bool),
    Empty,
}

#[derive(Debug, thiserror::Error)]
pub enum FillError {
    #[error("not a workbook: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("no sheet {0}")]
    NoSheet(String),
    #[error("no cell {0}")]
    NoCell(String),
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The XML of a cell `r` with style `s` holding `input`.
fn cell_xml(r: &str, style: &str, input: &CellInput) -> String {
    match input {
        CellInput::Number(x) => format!("<c r=\"{r}\"{style}><v>{x}</v></c>"),
        CellInput::Text(t) => format!("<c r=\"{r}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>", escape(t)),
        CellInput::Bool(b) => format!("<c r=\"{r}\"{style} t=\"b\"><v>{}</v></c>", u8::from(*b)),
        CellInput::Empty => format!("<c r=\"{r}\"{style}/>"),
    }
}

/// Replaces cell `r` of a sheet's XML (the cell must be written already, as the template writes
/// every cell of its rows).
fn put(xml: &mut String, r: &str, input: &CellInput) -> Result<(), FillError> {
    let open = format!("<c r=\"{r}\"");
    let start = xml.find(&open).ok_or_else(|| FillError::NoCell(r.into()))?;
    let rest = &xml[start..];
    let head_end = rest.find('>').ok_or_else(|| FillError::NoCell(r.into()))?;
    let self_closing = rest[..head_end].ends_with('/');
    let end = if self_closing {
        start + head_end + 1
    } else {
        start + rest.find("</c>").ok_or_else(|| FillError::NoCell(r.into()))? + 4
    };
    let head = &rest[..head_end];
    let style = head
        .find(" s=\"")
        .and_then(|i| head[i + 4..].find('"').map(|j| head[i..i + 4 + j + 1].to_string()))
        .unwrap_or_default();
    xml.replace_range(start..end, &cell_xml(r, &style, input));
    Ok(())
}

/// Writes `cells` (sheet name, cell like `E7`, what) into a workbook written by this crate.
pub fn fill_cells(bytes: &[u8], cells: &[(String, String, CellInput)]) -> Result<Vec<u8>, FillError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))?;
    // The sheets in order, as `xl/workbook.xml` lists them: the n-th is `sheet{n}.xml`.
    let mut workbook = String::new();
    archive.by_name("xl/workbook.xml")?.read_to_string(&mut workbook)?;
    let names: Vec<String> = workbook
        .split("<sheet ")
        .skip(1)
        .filter_map(|s| s.split("name=\"").nth(1).and_then(|n| n.split('"').next()).map(str::to_string))
        .collect();
    let mut edited: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (sheet, r, input) in cells {
        let escaped = escape(sheet);
        let n = names.iter().position(|s| *s == escaped).ok_or_else(|| FillError::NoSheet(sheet.clone()))? + 1;
        let path = format!("xl/worksheets/sheet{n}.xml");
        if !edited.contains_key(&path) {
            let mut xml = String::new();
            archive.by_name(&path)?.read_to_string(&mut xml)?;
            edited.insert(path.clone(), xml);
        }
        if let Some(xml) = edited.get_mut(&path) {
            put(xml, r, input)?;
        }
    }
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i)?;
        let name = file.name()?.to_string();
        match edited.get(&name) {
            Some(xml) => {
                drop(file);
                out.start_file(name, SimpleFileOptions::default())?;
                out.write_all(xml.as_bytes())?;
            }
            None => out.raw_copy_file(file)?,
        }
    }
    Ok(out.finish()?.into_inner())
}
