//! The bundled Tam Đường demo for `ntm evaluate --demo`: the files `ntm demo` builds its database
//! from (`ntm_app::demo`), read here without a database. Illustrative data, and it says so.

use ntm_app::demo::{LAYERS, SETS, UNITS, VALUES};
/// The demo's recognition decisions and its roadmap (both illustrative), for `warnings --demo`.
pub use ntm_app::demo::{PLANS, RECOGNITIONS};
use ntm_io::{Catalog, CriteriaFile, LoadedLayer};

use crate::Failure;

/// The demo's unit list, its values of `set_id` (none for a set the demo has no values of) with the
/// file's name; the demo's own version of that set (the illustrative village set) and its
/// illustrative threshold layers over it put in `catalog`.
pub fn load(catalog: &mut Catalog, set_id: &str) -> Result<(ntm_io::UnitImport, String, String), Failure> {
    for file in &SETS {
        if let CriteriaFile::Set(set) = ntm_io::parse_criteria_file(file.name, file.text)?
            && set.id() == set_id
        {
            catalog.put_set(set, file.name);
        }
    }
    for file in &LAYERS {
        if let CriteriaFile::Override(layer, entry_lines) = ntm_io::parse_criteria_file(file.name, file.text)?
            && layer.set_id == set_id
        {
            catalog.add_layer(LoadedLayer { layer, origin: file.name.into(), entry_lines })?;
        }
    }
    let units = ntm_io::read_units_text(UNITS.name, UNITS.text)?;
    let (name, text) = VALUES
        .iter()
        .find(|(set, _)| *set == set_id)
        .map_or(("demo/tam-duong", "unit_code,period,element,value\n"), |(_, f)| (f.name, f.text));
    Ok((ntm_io::build_tree(vec![units])?, text.to_string(), name.to_string()))
}
