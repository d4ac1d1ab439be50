//! Renaming a type: PostgreSQL refers to types by OID, so after `ALTER TYPE a RENAME TO b` (or
//! `ALTER TABLE t RENAME TO u`, which renames the row type `t`), every column, attribute,
//! domain, function argument and result of that type has the new name. The common enum
//! migration (`supabase db diff`, Prisma) renames the old enum, creates the new one, retypes the
//! columns and drops the old one; the columns it does not retype must follow the rename.

use super::names::quote_ident;
use crate::model::{SchemaModel, TypeRef};

/// The type `schema.old` is now `schema.new`: every reference to it follows.
pub(crate) fn rename_type(model: &mut SchemaModel, schema: &str, old: &str, new: &str) {
    move_type(model, (schema, old), (schema, new));
}

/// The type `from` (schema, name) is now `to` (`ALTER .. SET SCHEMA` or a rename): every
/// reference to it follows.
pub(crate) fn move_type(model: &mut SchemaModel, from: (&str, &str), to: (&str, &str)) {
    let (schema, old) = from;
    let old_text = format!("{}.{}", quote_ident(schema), quote_ident(old));
    let new_text = format!("{}.{}", quote_ident(to.0), quote_ident(to.1));
    let fix = |t: &mut TypeRef, text: &mut String| {
        if retarget(t, from, to) {
            if let Some(rest) = text.strip_prefix(&old_text) {
                *text = format!("{new_text}{rest}");
            }
        }
    };
    for s in &mut model.schemas {
        for r in &mut s.relations {
            for c in &mut r.columns {
                fix(&mut c.type_ref, &mut c.sql_type);
            }
        }
        for c in &mut s.composites {
            for a in &mut c.attributes {
                fix(&mut a.type_ref, &mut a.sql_type);
            }
        }
        for d in &mut s.domains {
            fix(&mut d.base, &mut d.base_sql_type);
        }
        for f in &mut s.functions {
            let mut changed = false;
            for a in &mut f.args {
                let before = a.sql_type.clone();
                fix(&mut a.type_ref, &mut a.sql_type);
                changed |= before != a.sql_type;
            }
            fix(&mut f.returns.type_ref, &mut f.returns.sql_type);
            for c in &mut f.returns.columns {
                fix(&mut c.type_ref, &mut c.sql_type);
            }
            if changed {
                // The identity arguments print the argument types too.
                f.identity_args = f.identity_args.replace(&old_text, &new_text);
            }
        }
    }
}

/// Points `t` (or the types inside it) from `from` to `to`; whether it did.
fn retarget(t: &mut TypeRef, from: (&str, &str), to: (&str, &str)) -> bool {
    match t {
        TypeRef::Enum { schema: s, name }
        | TypeRef::Composite { schema: s, name }
        | TypeRef::Base { schema: s, name }
            if s == from.0 && name == from.1 =>
        {
            *s = to.0.to_string();
            *name = to.1.to_string();
            true
        }
        TypeRef::Domain {
            schema: s,
            name,
            base,
        } => {
            let inner = retarget(base, from, to);
            if s == from.0 && name == from.1 {
                *s = to.0.to_string();
                *name = to.1.to_string();
                return true;
            }
            inner
        }
        TypeRef::Array { element } => retarget(element, from, to),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::from_files;

    #[test]
    fn columns_follow_an_enum_rename() {
        let (model, warnings) = from_files(
            &[(
                "1.sql",
                "create type status as enum ('a', 'b');
                 create table t (s status, ss status[]);
                 create function f(x status) returns status language sql as 'select x';
                 alter type status rename to status_old;",
            )],
            &["public"],
        )
        .expect("model");
        assert!(warnings.is_empty(), "{warnings:?}");
        let t = model
            .schema("public")
            .and_then(|s| s.relation("t"))
            .expect("t");
        assert_eq!(t.columns[0].sql_type, "public.status_old");
        assert_eq!(t.columns[1].sql_type, "public.status_old[]");
        let f = &model.schema("public").expect("public").functions[0];
        assert_eq!(f.identity_args, "x public.status_old");
        assert_eq!(f.returns.sql_type, "public.status_old");
    }
}
