//! The Rust names of a whole model, decided once so that every reference to a schema module,
//! a type or a relation module uses the same unique identifier (see [`super::names`]).

use std::collections::BTreeMap;

use super::names::{camel, snake, unique, Namer};
use crate::model::SchemaModel;

/// Identifiers of the schema modules, and of the enums, composite types and relation modules
/// inside each (one Rust type namespace per schema module, shared with the `functions` module).
#[derive(Debug, Default)]
pub(crate) struct Names {
    schemas: BTreeMap<String, String>,
    items: BTreeMap<(String, String), String>,
}

impl Names {
    pub(crate) fn of(model: &SchemaModel) -> Names {
        let mut names = Names::default();
        let mut root = Namer::new(&["Relationship"]);
        let schema_names: Vec<&str> = model.schemas.iter().map(|s| s.name.as_str()).collect();
        for (schema, ident) in schema_names
            .iter()
            .zip(unique(&mut root, &schema_names, snake))
        {
            names.schemas.insert((*schema).to_owned(), ident);
        }
        for schema in &model.schemas {
            let mut scope = Namer::new(&["functions"]);
            let relations: Vec<&str> = schema.relations.iter().map(|r| r.name.as_str()).collect();
            let enums: Vec<&str> = schema.enums.iter().map(|e| e.name.as_str()).collect();
            let composites: Vec<&str> = schema.composites.iter().map(|c| c.name.as_str()).collect();
            let idents = [
                (relations.clone(), unique(&mut scope, &relations, snake)),
                (enums.clone(), unique(&mut scope, &enums, camel)),
                (composites.clone(), unique(&mut scope, &composites, camel)),
            ];
            for (pg, rust) in idents {
                for (name, ident) in pg.into_iter().zip(rust) {
                    names
                        .items
                        .insert((schema.name.clone(), name.to_owned()), ident);
                }
            }
        }
        names
    }

    /// The module of schema `schema`.
    pub(crate) fn schema(&self, schema: &str) -> String {
        self.schemas
            .get(schema)
            .cloned()
            .unwrap_or_else(|| snake(schema))
    }

    /// The module of relation `schema.name`.
    pub(crate) fn relation(&self, schema: &str, name: &str) -> String {
        self.items
            .get(&(schema.to_owned(), name.to_owned()))
            .cloned()
            .unwrap_or_else(|| snake(name))
    }

    /// The Rust type of enum or composite type `schema.name`.
    pub(crate) fn type_name(&self, schema: &str, name: &str) -> String {
        self.items
            .get(&(schema.to_owned(), name.to_owned()))
            .cloned()
            .unwrap_or_else(|| camel(name))
    }
}
