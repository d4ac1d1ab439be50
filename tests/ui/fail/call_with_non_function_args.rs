include!("../common/tables.rs");

fn main() {
    let _ = client().call(NewCountry { name: "x".into() });
}
